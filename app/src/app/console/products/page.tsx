import { ProductsPage } from "../../../console/pages/products.tsx";

export default function Products() {
  return <ProductsPage />;
}
