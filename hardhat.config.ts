import { createRequire } from "node:module";

import hardhatToolboxMochaEthersPlugin from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { HardhatPluginError } from "@nomicfoundation/hardhat-errors";
import { configVariable, defineConfig } from "hardhat/config";
import type { HardhatPlugin } from "hardhat/types/plugins";

const require = createRequire(import.meta.url);

/** The compiler comes from the npm `solc` package (WASM), so compiling never downloads anything. */
const SOLC_VERSION: string = require("solc/package.json").version;
const SOLC_PATH = require.resolve("solc/soljson.js");

/**
 * Compiler warnings in our own sources fail the build. Dependencies (OpenZeppelin) are not ours to fix,
 * so only files under `contracts/` count.
 */
const warningsAsErrors: HardhatPlugin = {
  id: "constellate:warnings-as-errors",
  hookHandlers: {
    solidity: async () => ({
      default: async () => ({
        getCompilationJobErrors: async (context, job, output, next) => {
          const errors = await next(context, job, output);
          // The instrumented coverage build is never deployed, and instrumentation alone pushes contracts past the
          // size limit, which solc reports as a warning.
          if (context.globalOptions.coverage) return errors;
          // The raw compiler output still names files by source name ("project/contracts/...").
          // solc's own error objects carry sourceLocation, which Hardhat's type leaves out.
          const raw = (output.errors ?? []) as Array<(typeof errors)[number] & { sourceLocation?: { file: string } }>;
          const ours = raw.filter(
            (e) => e.severity === "warning" && (e.sourceLocation?.file ?? "").startsWith("project/contracts/"),
          );
          if (ours.length > 0) {
            throw new HardhatPluginError(
              "constellate:warnings-as-errors",
              `Compiler warnings are errors in this project:\n${ours.map((e) => e.formattedMessage).join("\n")}`,
            );
          }
          return errors;
        },
      }),
    }),
  },
};

export default defineConfig({
  plugins: [hardhatToolboxMochaEthersPlugin, warningsAsErrors],
  solidity: {
    profiles: {
      default: {
        version: SOLC_VERSION,
        path: SOLC_PATH,
        settings: {
          optimizer: { enabled: true, runs: 1_000_000 },
          viaIR: true,
          evmVersion: "cancun",
        },
      },
    },
    npmFilesToBuild: [],
  },
  paths: {
    tests: { mocha: "test", solidity: "test/solidity" },
  },
  typechain: {
    outDir: "types/typechain",
  },
  networks: {
    localhost: {
      type: "http",
      chainType: "l1",
      url: process.env.CONSTELLATE_RPC_URL ?? "http://127.0.0.1:8545",
    },
    /** Any EVM network: RPC_URL and DEPLOYER_PRIVATE_KEY come from the environment or Hardhat's keystore. */
    remote: {
      type: "http",
      chainType: "l1",
      url: configVariable("RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
  },
  verify: {
    etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") },
  },
});
