import { NotFoundPage } from '@/components/ui/NotFoundPage';

export default function NotFound() {
  return <NotFoundPage />;
}
