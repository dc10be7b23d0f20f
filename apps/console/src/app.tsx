import { PolicyPage } from './pages/policy/policy-page';
import { RecipientPage } from './pages/recipient/recipient-page';
import { SuppressionsPage } from './pages/suppressions/suppressions-page';
import { Link, useLocation } from './routing/router';
import { TokenField } from './token-field';

const PAGES = [
  { to: '/', label: 'Recipient' },
  { to: '/suppressions', label: 'Suppressions' },
  { to: '/policy', label: 'Policy' },
];

function Page({ path }: { path: string }) {
  const recipient = /^\/recipients\/(.+)$/.exec(path);
  if (recipient?.[1] !== undefined) {
    return <RecipientPage address={decodeURIComponent(recipient[1])} />;
  }
  switch (path) {
    case '/':
      return <RecipientPage address={undefined} />;
    case '/suppressions':
      return <SuppressionsPage />;
    case '/policy':
      return <PolicyPage />;
    default:
      return (
        <section>
          <h1>Not found</h1>
          <p>
            Nothing lives at {path}. <Link to="/">Look up a recipient</Link>.
          </p>
        </section>
      );
  }
}

export function App() {
  const { path } = useLocation();
  const current = path.startsWith('/recipients/') ? '/' : path;
  return (
    <>
      <header className="container">
        <nav>
          <ul>
            <li>
              <strong>Recipient State</strong>
            </li>
          </ul>
          <ul>
            {PAGES.map((page) => (
              <li key={page.to}>
                <Link to={page.to} aria-current={current === page.to ? 'page' : undefined}>
                  {page.label}
                </Link>
              </li>
            ))}
            <li>
              <a href="/docs">API docs</a>
            </li>
            <li>
              <TokenField />
            </li>
          </ul>
        </nav>
      </header>
      <main className="container">
        <Page path={path} />
      </main>
    </>
  );
}
