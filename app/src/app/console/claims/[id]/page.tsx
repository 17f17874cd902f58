import { ClaimPage } from "../../../../console/pages/claim-detail.tsx";

export default async function Claim({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ClaimPage id={decodeURIComponent(id)} />;
}
