import { DataAccess } from "../../../console/pages/data.tsx";

/** Data access. `?owner=0x…&sha256=…` (a link an owner shares) opens that document's download form filled in. */
export default async function DataPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);
  return <DataAccess sharedOwner={one(params.owner)} sharedSha256={one(params.sha256)} />;
}
