import { ClaimsPage } from "../../../console/pages/claims.tsx";

export default function Claims() {
  return <ClaimsPage />;
}
