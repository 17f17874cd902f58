import path from "node:path";

import type { NextConfig } from "next";

const config: NextConfig = {
  // A separate build directory (relative to app/) lets several builds coexist, e.g. while developing pages in parallel.
  ...(process.env.CONSTELLATE_NEXT_DIST_DIR ? { distDir: process.env.CONSTELLATE_NEXT_DIST_DIR } : {}),
  // The workspace root: the app imports the sdk workspace as TypeScript source.
  turbopack: { root: path.resolve(import.meta.dirname, "..") },
  // Vault responses set their own caching and security headers; nothing here rewrites bodies.
  compress: false,
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
