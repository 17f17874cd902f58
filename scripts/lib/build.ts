/**
 * Compiles the contracts (a no-op when nothing changed), which also refreshes the TypeChain types. Solidity tests are
 * left to `hardhat test`: the local stack and the benchmarks do not need them.
 */
export async function buildContracts(): Promise<void> {
  const { default: hre } = await import("hardhat");
  await hre.tasks.getTask("build").run({ quiet: true, noTests: true });
}
