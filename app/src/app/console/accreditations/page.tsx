import { AccreditationsPage } from "../../../console/pages/accreditations.tsx";

export default function Accreditations() {
  return <AccreditationsPage />;
}
