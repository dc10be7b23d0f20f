import type { ReactNode } from 'react';
import type { CandidateFields } from './candidate-fields';

/** Which editor field shows an error the API reports at a JSON path of the policy. */
export function editorFieldOf(path: string): keyof CandidateFields | 'general' {
  const direct: Record<string, keyof CandidateFields> = {
    version: 'version',
    'hardBounce.action': 'hardBounceAction',
    hardBounce: 'hardBounceAction',
    'softBounce.limit': 'limit',
    'softBounce.window': 'window',
    'softBounce.quarantineAt': 'quarantineAt',
    'softBounce.quarantineFor': 'quarantineFor',
    softBounce: 'limit',
    undetermined: 'undetermined',
    restoreOnDelivery: 'restoreOnDelivery',
    deliveryHeartbeat: 'deliveryHeartbeat',
  };
  if (path.startsWith('overrides')) {
    return 'overrides';
  }
  return direct[path] ?? 'general';
}

export type FieldErrors = Partial<Record<keyof CandidateFields | 'general', string[]>>;

export function CandidateEditor(props: {
  fields: CandidateFields;
  errors: FieldErrors;
  onChange: (fields: CandidateFields) => void;
}) {
  const { fields, errors, onChange } = props;
  const set = <K extends keyof CandidateFields>(key: K, value: CandidateFields[K]) =>
    onChange({ ...fields, [key]: value });
  const text = (key: Exclude<keyof CandidateFields, 'restoreOnDelivery'>, label: string, hint?: string) => (
    <Field name={key} label={label} errors={errors[key]} hint={hint}>
      <input
        name={key}
        value={fields[key]}
        onChange={(event) => set(key, event.target.value)}
        aria-invalid={errors[key] === undefined ? undefined : true}
        aria-describedby={`${key}-help`}
      />
    </Field>
  );
  const choice = (key: 'hardBounceAction' | 'undetermined', label: string, options: string[]) => (
    <Field name={key} label={label} errors={errors[key]}>
      <select
        name={key}
        value={fields[key]}
        onChange={(event) => set(key, event.target.value)}
        aria-invalid={errors[key] === undefined ? undefined : true}
        aria-describedby={`${key}-help`}
      >
        {options.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    </Field>
  );
  return (
    <fieldset className="candidate-editor">
      {errors.general?.map((message) => (
        <p key={message} className="field-error" role="alert">
          {message}
        </p>
      ))}
      <div className="grid">
        {text('version', 'Version', 'a new name, kept in the audit')}
        {choice('hardBounceAction', 'Hard bounce', ['suppress', 'ignore'])}
        {choice('undetermined', 'Undetermined bounces', ['count_as_soft', 'ignore'])}
      </div>
      <div className="grid">
        {text('limit', 'Soft-bounce limit', 'suppress at this many in the window')}
        {text('window', 'Window', 'ISO-8601, e.g. P7D')}
        {text('quarantineAt', 'Quarantine at', 'equal to the limit: no quarantine')}
        {text('quarantineFor', 'Quarantine for', 'e.g. PT24H')}
      </div>
      <div className="grid">
        {text('deliveryHeartbeat', 'Delivery heartbeat', 'e.g. PT24H')}
        <Field name="restoreOnDelivery" label="Restore on delivery" errors={errors.restoreOnDelivery}>
          <input
            type="checkbox"
            role="switch"
            name="restoreOnDelivery"
            checked={fields.restoreOnDelivery}
            onChange={(event) => set('restoreOnDelivery', event.target.checked)}
          />
        </Field>
      </div>
      <Field name="overrides" label="Overrides (JSON)" errors={errors.overrides}>
        <textarea
          name="overrides"
          rows={6}
          spellCheck={false}
          value={fields.overrides}
          onChange={(event) => set('overrides', event.target.value)}
          aria-invalid={errors.overrides === undefined ? undefined : true}
          aria-describedby="overrides-help"
        />
      </Field>
    </fieldset>
  );
}

function Field(props: { name: string; label: string; errors?: string[]; hint?: string; children: ReactNode }) {
  return (
    <label data-field={props.name}>
      {props.label}
      {props.children}
      {props.errors === undefined ? (
        <small id={`${props.name}-help`}>{props.hint ?? ''}</small>
      ) : (
        <small id={`${props.name}-help`} className="field-error">
          {props.errors.join('; ')}
        </small>
      )}
    </label>
  );
}
