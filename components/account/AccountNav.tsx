'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import './account.css';

const PAGES = [
  ['/account', 'Profile'],
  ['/account/sessions', 'Signed-in devices'],
  ['/account/data', 'Your data'],
  ['/workspaces', 'Your workspaces'],
] as const;

/** The account pages' own navigation. */
export function AccountNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Account" className="account-nav">
      <ul>
        {PAGES.map(([href, label]) => (
          <li key={href}>
            <Link href={href} aria-current={pathname === href ? 'page' : undefined}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
