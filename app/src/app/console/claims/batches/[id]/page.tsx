import { ClaimBatchPage } from "../../../../../console/pages/claims-batch.tsx";

export default async function ClaimBatch({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ClaimBatchPage id={decodeURIComponent(id)} />;
}
