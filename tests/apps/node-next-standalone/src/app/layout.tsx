import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: "node-next-standalone",
  description: "A Next.js app built with output: 'standalone'",
};

export default function RootLayout({
  children,
}: Readonly<{
  children: React.ReactNode;
}>) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
