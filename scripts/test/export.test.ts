import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";

import { exportContracts } from "../lib/export.ts";
import { ROOT } from "../lib/paths.ts";

const ADDR = {
  local: {
    Companies: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    Accreditations: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
    Constellations: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
  },
  sepolia: {
    Companies: "0x1111111111111111111111111111111111111111",
    Accreditations: "0x2222222222222222222222222222222222222222",
    Constellations: "0x3333333333333333333333333333333333333333",
  },
  sepoliaOld: {
    Companies: "0x4444444444444444444444444444444444444444",
    Accreditations: "0x5555555555555555555555555555555555555555",
    Constellations: "0x6666666666666666666666666666666666666666",
  },
} as const;

const ABI = (name: string) => [
  {
    type: "function",
    name: `${name.toLowerCase()}Version`,
    inputs: [],
    outputs: [{ name: "", type: "string" }],
    stateMutability: "pure",
  },
];

function writeArtifact(artifactsDir: string, folder: string, name: string, bytecode: string) {
  const dir = path.join(artifactsDir, "contracts", folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, `${name}.json`),
    JSON.stringify({
      _format: "hh3-artifact-1",
      contractName: name,
      sourceName: `contracts/${folder}`,
      abi: ABI(name),
      bytecode,
    }),
  );
}

/** An Ignition deployment folder as Ignition writes it: addresses, and a journal with the chain id and receipts. */
function writeDeployment(
  deploymentsDir: string,
  deploymentId: string,
  chainId: number,
  contracts: Record<string, { address: string; blockNumber: number }>,
) {
  const dir = path.join(deploymentsDir, deploymentId);
  mkdirSync(dir, { recursive: true });
  const addresses: Record<string, string> = {};
  const journal: unknown[] = [{ chainId, type: "DEPLOYMENT_INITIALIZE" }];
  for (const [name, { address, blockNumber }] of Object.entries(contracts)) {
    const futureId = `Constellate#${name}`;
    addresses[futureId] = address;
    journal.push(
      { futureId, contractName: name, type: "DEPLOYMENT_EXECUTION_STATE_INITIALIZE", constructorArgs: [] },
      { futureId, networkInteractionId: 1, nonce: 0, type: "TRANSACTION_PREPARE_SEND" },
      {
        futureId,
        hash: "0x" + "ab".repeat(32),
        networkInteractionId: 1,
        receipt: {
          blockHash: "0x" + "cd".repeat(32),
          blockNumber,
          contractAddress: address,
          logs: [],
          status: "SUCCESS",
        },
        type: "TRANSACTION_CONFIRM",
      },
      { futureId, result: { address, type: "SUCCESS" }, type: "DEPLOYMENT_EXECUTION_STATE_COMPLETE" },
    );
  }
  writeFileSync(path.join(dir, "deployed_addresses.json"), JSON.stringify(addresses, null, 2));
  // A journal cut short by an interrupted run ends in a partial line; the export must not trip over it.
  writeFileSync(path.join(dir, "journal.jsonl"), journal.map((e) => JSON.stringify(e)).join("\n") + '\n{"futureId":');
}

const withBlocks = (addresses: Record<string, string>, first: number) =>
  Object.fromEntries(
    Object.entries(addresses).map(([name, address], i) => [name, { address, blockNumber: first + i }]),
  );

/** Type-checks `files` in `dir` with the project's strict settings. */
function typeCheck(dir: string, files: string[]) {
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2023",
        module: "nodenext",
        moduleResolution: "nodenext",
        strict: true,
        noUncheckedIndexedAccess: true,
        allowImportingTsExtensions: true,
        verbatimModuleSyntax: true,
        erasableSyntaxOnly: true,
        noEmit: true,
        types: [],
      },
      files,
    }),
  );
  const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8" });
  assert.equal(result.status, 0, `tsc failed:\n${result.stdout}${result.stderr}`);
}

describe("export", () => {
  let tmp: string;
  let artifactsDir: string;

  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), "constellate-export-"));
    artifactsDir = path.join(tmp, "artifacts");
    writeArtifact(artifactsDir, "Companies.sol", "Companies", "0x6080");
    writeArtifact(artifactsDir, "Accreditations.sol", "Accreditations", "0x6080");
    writeArtifact(artifactsDir, "Constellations.sol", "Constellations", "0x6080");
    // Left out: an interface (in a sub-folder) and an abstract contract (no bytecode).
    writeArtifact(artifactsDir, "interfaces/ICompanies.sol", "ICompanies", "0x");
    writeArtifact(artifactsDir, "Abstract.sol", "Abstract", "0x");
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("writes ABIs, every chain's deployment with its blocks, and a typed getDeployment", async () => {
    const dir = path.join(tmp, "deployed");
    const deploymentsDir = path.join(dir, "deployments");
    writeDeployment(deploymentsDir, "chain-31337", 31337, withBlocks(ADDR.local, 1));
    writeDeployment(deploymentsDir, "chain-11155111", 11155111, withBlocks(ADDR.sepolia, 7_000_000));
    // A custom deployment id on the same chain: kept by id; `deployments` keeps Ignition's default chain-<id> one.
    writeDeployment(deploymentsDir, "sepolia-2025", 11155111, withBlocks(ADDR.sepoliaOld, 9_000_000));
    const outFile = path.join(dir, "contracts.ts");

    const result = exportContracts({ deploymentsDir, artifactsDir, outFile });
    assert.deepEqual(result.contractNames, ["Accreditations", "Companies", "Constellations"]);
    assert.deepEqual(result.chainIds, [31337, 11155111]);
    assert.equal(result.changed, true);
    assert.deepEqual(result.warnings, []);

    const text = readFileSync(outFile, "utf8");
    assert.match(text.split("\n")[0] ?? "", /GENERATED FILE: DO NOT EDIT/);
    assert.match(text, /export const constellateAbis = \{/);
    assert.match(text, /Companies: \[[\s\S]*?\] as const,/);
    assert.doesNotMatch(text, /ICompanies|Abstract/);

    const generated = (await import(pathToFileURL(outFile).href)) as typeof import("../../sdk/src/contracts.ts");
    assert.deepEqual(Object.keys(generated.constellateAbis), ["Accreditations", "Companies", "Constellations"]);
    assert.deepEqual(generated.constellateAbis.Companies, ABI("Companies"));
    const deployments = generated.deployments as Record<number, unknown>;
    assert.deepEqual(deployments[31337], {
      Accreditations: { address: ADDR.local.Accreditations, blockNumber: 2 },
      Companies: { address: ADDR.local.Companies, blockNumber: 1 },
      Constellations: { address: ADDR.local.Constellations, blockNumber: 3 },
    });
    assert.deepEqual(deployments[11155111], {
      Accreditations: { address: ADDR.sepolia.Accreditations, blockNumber: 7_000_001 },
      Companies: { address: ADDR.sepolia.Companies, blockNumber: 7_000_000 },
      Constellations: { address: ADDR.sepolia.Constellations, blockNumber: 7_000_002 },
    });
    assert.deepEqual(Object.keys(generated.deploymentsById), ["chain-11155111", "chain-31337", "sepolia-2025"]);
    assert.equal(
      (generated.deploymentsById as Record<string, { contracts: { Companies: { address: string } } }>)["sepolia-2025"]
        ?.contracts.Companies.address,
      ADDR.sepoliaOld.Companies,
    );
    assert.deepEqual(generated.deployedChainIds, [31337, 11155111]);
    assert.equal(generated.getDeployment(31337n)?.Companies?.address, ADDR.local.Companies);
    assert.equal(generated.getDeployment(1), undefined);
    assert.equal(generated.getContract(11155111, "Constellations").blockNumber, 7_000_002);
    assert.throws(() => generated.getContract(1, "Companies"), /not deployed on chain 1/);

    // The same input again leaves the file alone.
    assert.equal(exportContracts({ deploymentsDir, artifactsDir, outFile }).changed, false);

    // The file type-checks, and a known chain is typed exactly (no undefined to rule out).
    writeFileSync(
      path.join(dir, "consumer.ts"),
      `import { getDeployment, getContract, type ContractName } from "./contracts.ts";
const local = getDeployment(31337);
export const address: \`0x\${string}\` = local.Companies.address;
export const block: number = local.Constellations.blockNumber;
export const other: string | undefined = getDeployment(Number("5"))?.Companies?.address;
export const abi = getContract(31337, "Accreditations").abi;
export const names: ContractName[] = ["Companies", "Accreditations", "Constellations"];
`,
    );
    typeCheck(dir, ["contracts.ts", "consumer.ts"]);
  });

  it("writes a usable file with empty deployments when nothing is deployed", async () => {
    const dir = path.join(tmp, "empty");
    const outFile = path.join(dir, "contracts.ts");
    const result = exportContracts({ deploymentsDir: path.join(dir, "no-such-folder"), artifactsDir, outFile });
    assert.deepEqual(result.chainIds, []);

    const text = readFileSync(outFile, "utf8");
    assert.match(text, /export const deployments = \{\} as const/);
    const generated = (await import(pathToFileURL(outFile).href)) as typeof import("../../sdk/src/contracts.ts");
    assert.deepEqual(generated.deployedChainIds, []);
    assert.equal(generated.getDeployment(31337), undefined);
    assert.equal(Object.keys(generated.constellateAbis).length, 3);

    writeFileSync(
      path.join(dir, "consumer.ts"),
      `import { getDeployment, constellateAbis } from "./contracts.ts";
export const address: string | undefined = getDeployment(31337)?.Companies?.address;
export const abi = constellateAbis.Companies;
`,
    );
    typeCheck(dir, ["contracts.ts", "consumer.ts"]);
  });

  it("skips a deployment folder Ignition started but that deployed nothing, and warns about unknown contracts", () => {
    const dir = path.join(tmp, "partial");
    const deploymentsDir = path.join(dir, "deployments");
    mkdirSync(path.join(deploymentsDir, "chain-5"), { recursive: true });
    writeFileSync(
      path.join(deploymentsDir, "chain-5", "journal.jsonl"),
      '{"chainId":5,"type":"DEPLOYMENT_INITIALIZE"}\n',
    );
    writeDeployment(deploymentsDir, "chain-10", 10, {
      ...withBlocks(ADDR.sepolia, 100),
      Mock: { address: "0x7777777777777777777777777777777777777777", blockNumber: 104 },
    });
    const result = exportContracts({ deploymentsDir, artifactsDir, outFile: path.join(dir, "contracts.ts") });
    assert.deepEqual(result.chainIds, [10]);
    assert.equal(result.warnings.length, 1);
    assert.match(result.warnings[0] ?? "", /Mock.*no artifact/);
  });

  it("reads the project's compiled artifacts: the three core contracts", () => {
    const dir = path.join(tmp, "project");
    const result = exportContracts({ deploymentsDir: path.join(dir, "none"), outFile: path.join(dir, "contracts.ts") });
    for (const name of ["Companies", "Accreditations", "Constellations"])
      assert.ok(result.contractNames.includes(name));
    assert.ok(!result.contractNames.some((name) => name.startsWith("I")), "no interfaces");
  });
});
