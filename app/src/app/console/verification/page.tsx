import { VerificationInbox } from "../../../console/pages/verification.tsx";

export default function Verification() {
  return <VerificationInbox />;
}
