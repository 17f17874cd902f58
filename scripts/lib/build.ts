/** Compiles the contracts (a no-op when nothing changed), which also refreshes the TypeChain types. */
export async function buildContracts(): Promise<void> {
  const { default: hre } = await import("hardhat");
  await hre.tasks.getTask("build").run({ quiet: true });
}
