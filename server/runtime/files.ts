import path from 'node:path';
import type { FileServices } from '../domain/deps';
import type { Env } from '../env';
import { logger } from '../lib/logger';
import { clamdScanner, parseClamdAddress, ScanUnavailable, type Scanner } from '../lib/scan/clamd';
import { startClamd, type ClamdProcess } from '../lib/scan/daemon';
import type { BlobStore } from '../lib/storage/blob-store';
import { localStore } from '../lib/storage/local';
import { s3Store } from '../lib/storage/s3';

/** Where file blobs live: a folder under the data directory, or an S3-compatible bucket. */
export function blobStoreFrom(e: Env): BlobStore {
  if (e.FILE_STORAGE === 'local') return localStore(e.FILE_DIR ?? path.join(e.DATA_DIR, 'files'));
  return s3Store({
    ...(e.S3_ENDPOINT && { endpoint: e.S3_ENDPOINT }),
    region: e.S3_REGION,
    bucket: e.S3_BUCKET ?? '',
    ...(e.S3_ACCESS_KEY_ID && { accessKeyId: e.S3_ACCESS_KEY_ID }),
    ...(e.S3_SECRET_ACCESS_KEY && { secretAccessKey: e.S3_SECRET_ACCESS_KEY }),
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
  });
}

/**
 * The scanner as configured: a daemon at CLAMAV_SOCKET; with CLAMAV=auto, Debian's clamd started
 * by this process with Enclave's own configuration on first use (null when it is not installed:
 * scanning is off, and files follow the workspace's "cannot be scanned" setting).
 */
export class ScannerSlot {
  private daemon: Promise<ClamdProcess | null> | null = null;
  private fixed: Scanner | null = null;
  constructor(private readonly e: Env) {
    if (e.CLAMAV_SOCKET) this.fixed = clamdScanner(parseClamdAddress(e.CLAMAV_SOCKET));
  }

  /** Starts the daemon now rather than at the first upload (at start-up, to say whether scanning is on). */
  start(): Promise<boolean> {
    if (this.fixed) return this.fixed.ready();
    if (this.e.CLAMAV === 'off') return Promise.resolve(false);
    const daemon = (this.daemon ??= startClamd({
      dir: path.join(this.e.DATA_DIR, 'clamav'),
      // clamd takes what an upload may be (it caps streams at 2 GiB itself).
      streamMaxBytes: Math.min(this.e.FILE_MAX_MB * 1024 * 1024, 2 ** 31 - 1),
      ...(this.e.CLAMAV_DATABASE_DIR && { databaseDirs: [this.e.CLAMAV_DATABASE_DIR] }),
    }).catch((err: unknown) => {
      logger.error({ err }, 'ClamAV could not be started: files cannot be scanned');
      return null;
    }));
    return daemon.then((d) => d !== null);
  }

  scanner(): Scanner | null {
    if (this.fixed) return this.fixed;
    if (this.e.CLAMAV === 'off') return null;
    const started = this.start();
    const daemon = this.daemon;
    // Scans wait for the daemon while it starts; one that never came means "cannot be scanned".
    return {
      ready: () => started,
      scan: async (body) => {
        const d = await daemon;
        if (!d) throw new ScanUnavailable('ClamAV is not running');
        return clamdScanner(d.address).scan(body);
      },
    };
  }

  async close() {
    const d = await this.daemon;
    await d?.stop();
  }
}

export interface FileJobsPort {
  enqueueScan(job: { workspaceId: string; versionId: string }): Promise<void>;
  enqueueSweep(): Promise<void>;
}

/** The domain's file services; jobs go to pg-boss once attached, else run here in the background. */
export function fileServices(
  store: BlobStore,
  scanners: ScannerSlot,
  jobs: () => FileJobsPort | null,
  local: { scan: FileServices['scan']; sweep: FileServices['sweep'] },
): FileServices {
  return {
    store,
    scanner: () => scanners.scanner(),
    scan: (job) => jobs()?.enqueueScan(job) ?? local.scan(job),
    sweep: () => jobs()?.enqueueSweep() ?? local.sweep(),
  };
}
