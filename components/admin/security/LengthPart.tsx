import type { ShownError } from '@/components/client/errors';
import { Field } from '@/components/ui/field';
import { MAX_BODY_BYTES } from '@/shared/message-body';
import { POLICY_LIMITS } from '@/shared/policy';

/** The longest message this workspace accepts, in bytes of UTF-8, under the product's own ceiling. */
export function LengthPart({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  error: ShownError | null;
}) {
  return (
    <section aria-labelledby="security-length-h" className="security-part">
      <h2 id="security-length-h">Message length</h2>
      <Field
        label="Maximum message length (bytes)"
        name="limits.maxMessageBytes"
        type="number"
        inputMode="numeric"
        min={POLICY_LIMITS.maxMessageLengthMin}
        max={MAX_BODY_BYTES}
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
        error={error}
        hint={`${POLICY_LIMITS.maxMessageLengthMin} to ${MAX_BODY_BYTES}; longer messages are refused. A letter takes 1 to 4 bytes.`}
      />
    </section>
  );
}
