import { VerifyClaimPage } from "../../../../../console/pages/verification-claim.tsx";

export default async function VerifyClaim({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <VerifyClaimPage id={decodeURIComponent(id)} />;
}
