import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Prisma } from './generated/client';

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

export function createPrismaClient(url: string, max: number): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max });
  return new PrismaClient({ adapter });
}
