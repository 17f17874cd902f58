import path from "node:path";

import type { NextConfig } from "next";

const config: NextConfig = {
  // The workspace root: the app imports the sdk workspace as TypeScript source.
  turbopack: { root: path.resolve(import.meta.dirname, "..") },
  // Vault responses set their own caching and security headers; nothing here rewrites bodies.
  compress: false,
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
