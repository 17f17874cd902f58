import { ConstellationPage } from "../../../../console/pages/constellation.tsx";

export default async function Constellation({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ConstellationPage id={id} />;
}
