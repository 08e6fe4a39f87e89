'use client';
import { useParams } from 'next/navigation';
import { FilePage } from '@/components/workspace/FilePage';

export default function WorkspaceFilePage() {
  const { fileId } = useParams<{ fileId: string }>();
  return <FilePage fileId={fileId} />;
}
