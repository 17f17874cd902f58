import { ProfilePage } from "../../../console/pages/profile.tsx";

export default function CompanyProfile() {
  return <ProfilePage />;
}
