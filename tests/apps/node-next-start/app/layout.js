import "./globals.css";

export const metadata = {
  title: "node-next-start",
  description: "A Next.js app served by next start",
};

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
