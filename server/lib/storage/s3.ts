import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { checkedKey, checkedRange, missing, unsatisfiable, type BlobStore } from './blob-store';

export interface S3Options {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

/**
 * S3 takes parts of at least 5 MB (but the last); some compatible stores (R2) also want every part
 * but the last the same size, so parts are cut at exactly this. A blob up to one part is one PutObject.
 */
const PART = 8 * 1024 * 1024;

type S3Failure = { name?: string; $metadata?: { httpStatusCode?: number } } | null;

/** No such object. A missing bucket is a configuration error, not a missing file. */
const isAbsent = (err: unknown) => {
  const e = err as S3Failure;
  if (e?.name === 'NoSuchBucket') return false;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
};

const isInvalidRange = (err: unknown) =>
  (err as S3Failure)?.name === 'InvalidRange' || (err as S3Failure)?.$metadata?.httpStatusCode === 416;

/**
 * Blobs in an S3-compatible bucket. A blob is sent in 8 MB parts as it streams in (a multipart
 * upload, aborted when the stream or a request fails, so nothing half-written becomes visible), or
 * in one PutObject when it is no larger than a part. Each request carries a buffer of known length:
 * no temporary files, and the SDK can retry a failed part.
 *
 * Checksums only where the API requires them: the SDK's newer default adds CRC32 headers, which
 * some S3-compatible stores refuse, and sends a streamed body as `aws-chunked` with a trailing
 * checksum, which older ones (s3rver among them) store verbatim, framing and all.
 */
export function s3Store(o: S3Options): BlobStore {
  const client = new S3Client({
    region: o.region,
    forcePathStyle: o.forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(o.endpoint && { endpoint: o.endpoint }),
    // Without both, the SDK's own chain (environment, shared config, instance role) finds them.
    ...(o.accessKeyId &&
      o.secretAccessKey && {
        credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey },
      }),
  });
  const Bucket = o.bucket;
  return {
    kind: 's3',
    async put(key, body) {
      let Key = key;
      let buffered: Buffer[] = [];
      let size = 0;
      let total = 0;
      let upload: string | undefined;
      const parts: { ETag: string; PartNumber: number }[] = [];
      const sendPart = async () => {
        const all = buffered.length === 1 ? buffered[0]! : Buffer.concat(buffered);
        const Body = all.subarray(0, PART);
        buffered = all.length > PART ? [all.subarray(PART)] : [];
        size = all.length - Body.length;
        upload ??= (await client.send(new CreateMultipartUploadCommand({ Bucket, Key }))).UploadId;
        if (!upload) throw new Error('S3 gave no upload id');
        const PartNumber = parts.length + 1;
        const r = await client.send(
          new UploadPartCommand({
            Bucket,
            Key,
            UploadId: upload,
            PartNumber,
            Body,
            ContentLength: Body.length,
          }),
        );
        if (!r.ETag) throw new Error(`S3 gave no ETag for part ${PartNumber}`);
        parts.push({ ETag: r.ETag, PartNumber });
      };
      try {
        Key = checkedKey(key);
        for await (const chunk of body) {
          const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array | string);
          buffered.push(b);
          size += b.length;
          total += b.length;
          // Reading waits while a part goes up: the stream's back-pressure bounds the memory to a
          // part or two. A part goes only once a byte beyond it has come: one part is one PutObject.
          while (size > PART) await sendPart();
        }
        if (!upload) {
          const Body = Buffer.concat(buffered);
          await client.send(new PutObjectCommand({ Bucket, Key, Body, ContentLength: Body.length }));
          return { bytes: total };
        }
        if (size > 0) await sendPart();
        await client.send(
          new CompleteMultipartUploadCommand({
            Bucket,
            Key,
            UploadId: upload,
            MultipartUpload: { Parts: parts },
          }),
        );
        return { bytes: total };
      } catch (err) {
        body.destroy();
        // Best effort: a store that keeps the parts anyway never shows them as the object.
        if (upload)
          await client
            .send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId: upload }))
            .catch(() => undefined);
        throw err;
      }
    },
    async get(key, range) {
      const Key = checkedKey(key);
      if (range) checkedRange(range);
      try {
        const r = await client.send(
          new GetObjectCommand({
            Bucket,
            Key,
            ...(range && { Range: `bytes=${range.start}-${range.end}` }),
          }),
        );
        if (!r.Body) throw missing();
        // In Node the body is the response itself (an IncomingMessage).
        return r.Body as Readable;
      } catch (err) {
        if (isAbsent(err)) throw missing();
        if (range && isInvalidRange(err)) throw unsatisfiable(range);
        throw err;
      }
    },
    async delete(key) {
      // S3 answers 204 whether or not the object was there.
      await client.send(new DeleteObjectCommand({ Bucket, Key: checkedKey(key) }));
    },
    async size(key) {
      try {
        const r = await client.send(new HeadObjectCommand({ Bucket, Key: checkedKey(key) }));
        return r.ContentLength ?? null;
      } catch (err) {
        if (isAbsent(err)) return null;
        throw err;
      }
    },
  };
}
