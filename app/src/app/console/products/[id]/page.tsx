import { ProductPage } from "../../../../console/pages/product.tsx";

export default async function Product({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ProductPage id={decodeURIComponent(id)} />;
}
