import { ConstellationsPage } from "../../../console/pages/constellations.tsx";

export default function Constellations() {
  return <ConstellationsPage />;
}
