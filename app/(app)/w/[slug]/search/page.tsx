import { SearchPage } from '@/components/workspace/SearchPage';

export default function WorkspaceSearchPage() {
  return <SearchPage />;
}
