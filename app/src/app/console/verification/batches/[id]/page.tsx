import { VerifyBatchPage } from "../../../../../console/pages/verification-claim.tsx";

export default async function VerifyBatch({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <VerifyBatchPage id={decodeURIComponent(id)} />;
}
