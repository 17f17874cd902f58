import { ethers, networkHelpers } from "./fixture.js";

/**
 * Fixes the timestamp of the next block at `offset` seconds after the latest one and returns it, so a test can name
 * the exact block time that an error or event reports. A snapshot restore through `loadFixture` clears it.
 */
export async function pinNextBlockTime(offset = 1): Promise<number> {
  const time = (await networkHelpers.time.latest()) + offset;
  await networkHelpers.time.setNextBlockTimestamp(time);
  return time;
}

/** The fields of an ICompanies.Profile in declaration order, as `withArgs` compares a struct argument. */
export function profileTuple(p: {
  name: string;
  registryId: string;
  metadataURI: string;
  metadataHash: string;
  dataEndpoint: string;
}): [string, string, string, string, string] {
  return [p.name, p.registryId, p.metadataURI, p.metadataHash, p.dataEndpoint];
}

/** IAccreditations.accreditationId computed off-chain: keccak256(abi.encode(company, kind, subject)). */
export function accreditationKey(company: string, kind: number, subject: string): string {
  return ethers.keccak256(
    ethers.AbiCoder.defaultAbiCoder().encode(["address", "uint8", "bytes32"], [company, kind, subject]),
  );
}
