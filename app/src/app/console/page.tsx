import { Overview } from "../../console/pages/overview.tsx";

export default function ConsoleHome() {
  return <Overview />;
}
