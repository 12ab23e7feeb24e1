/** @type {import('next').NextConfig} */
const nextConfig = {
  // The build writes .next/standalone: a server.js and the node_modules it needs, nothing else.
  output: 'standalone',
};

export default nextConfig;
