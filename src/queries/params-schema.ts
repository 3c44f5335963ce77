/**
 * A small validator for named queries' parameters, the same in the page and on the server: each
 * schema parses an unknown value into a typed one (or throws ParamsError naming the bad path) and
 * describes itself as JSON Schema for `GET /api/queries`. Objects are strict: an unknown key is an
 * error, so nothing the builders do not expect crosses the wire.
 */

export class ParamsError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path || 'params'}: ${message}`)
    this.name = 'ParamsError'
  }
}

export type JsonSchema = Record<string, unknown>

export interface Schema<T> {
  parse(value: unknown, path?: string): T
  describe(): JsonSchema
  /** Whether an object may leave this key out. */
  readonly optional?: boolean
}

export type Infer<S> = S extends Schema<infer T> ? T : never

export function str(options: { max?: number } = {}): Schema<string> {
  const max = options.max ?? 256
  return {
    parse(value, path = '') {
      if (typeof value !== 'string') throw new ParamsError(path, 'expected a string')
      if (value.length > max) throw new ParamsError(path, `longer than ${max} characters`)
      return value
    },
    describe: () => ({ type: 'string', maxLength: max }),
  }
}

export function int(options: { min?: number; max?: number } = {}): Schema<number> {
  const { min = -(2 ** 31), max = 2 ** 31 - 1 } = options
  return {
    parse(value, path = '') {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw new ParamsError(path, 'expected an integer')
      if (value < min || value > max) throw new ParamsError(path, `outside ${min}–${max}`)
      return value
    },
    describe: () => ({ type: 'integer', minimum: min, maximum: max }),
  }
}

/** A finite number; `positive`: greater than zero. */
export function num(options: { positive?: boolean; max?: number } = {}): Schema<number> {
  const max = options.max ?? Number.MAX_SAFE_INTEGER
  return {
    parse(value, path = '') {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new ParamsError(path, 'expected a finite number')
      if (options.positive && !(value > 0)) throw new ParamsError(path, 'must be greater than 0')
      if (value > max) throw new ParamsError(path, `greater than ${max}`)
      return value
    },
    describe: () => ({ type: 'number', ...(options.positive ? { exclusiveMinimum: 0 } : {}), maximum: max }),
  }
}

export function bool(): Schema<boolean> {
  return {
    parse(value, path = '') {
      if (typeof value !== 'boolean') throw new ParamsError(path, 'expected true or false')
      return value
    },
    describe: () => ({ type: 'boolean' }),
  }
}

export function oneOf<const T extends readonly string[]>(values: T): Schema<T[number]> {
  return {
    parse(value, path = '') {
      if (typeof value !== 'string' || !values.includes(value)) throw new ParamsError(path, `expected one of ${values.join(', ')}`)
      return value as T[number]
    },
    describe: () => ({ enum: [...values] }),
  }
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return {
    parse: (value, path = '') => (value === null ? null : inner.parse(value, path)),
    describe: () => ({ anyOf: [inner.describe(), { type: 'null' }] }),
  }
}

export function optional<T>(inner: Schema<T>): Schema<T | undefined> & { optional: true } {
  return {
    optional: true as const,
    parse: (value, path = '') => (value === undefined ? undefined : inner.parse(value, path)),
    describe: () => inner.describe(),
  }
}

export function arr<T>(item: Schema<T>, options: { min?: number; max?: number } = {}): Schema<T[]> {
  const { min = 0, max = 1000 } = options
  return {
    parse(value, path = '') {
      if (!Array.isArray(value)) throw new ParamsError(path, 'expected an array')
      if (value.length < min || value.length > max) throw new ParamsError(path, `expected ${min}–${max} items`)
      return value.map((v, i) => item.parse(v, `${path}[${i}]`))
    },
    describe: () => ({ type: 'array', items: item.describe(), minItems: min, maxItems: max }),
  }
}

type Shape = Record<string, Schema<unknown>>
type Required<S extends Shape> = { [K in keyof S as S[K] extends { optional: true } ? never : K]: Infer<S[K]> }
type Optional<S extends Shape> = { [K in keyof S as S[K] extends { optional: true } ? K : never]?: Infer<S[K]> }
export type ObjectOf<S extends Shape> = Required<S> & Optional<S>

export function obj<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  return {
    parse(value, path = '') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ParamsError(path, 'expected an object')
      const record = value as Record<string, unknown>
      for (const key of Object.keys(record)) if (!(key in shape)) throw new ParamsError(path ? `${path}.${key}` : key, 'unknown parameter')
      const out: Record<string, unknown> = {}
      for (const [key, schema] of Object.entries(shape)) {
        const at = path ? `${path}.${key}` : key
        if (!(key in record) || record[key] === undefined) {
          if (schema.optional) continue
          throw new ParamsError(at, 'missing')
        }
        out[key] = schema.parse(record[key], at)
      }
      return out as ObjectOf<S>
    },
    describe: () => ({
      type: 'object',
      properties: Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, s.describe()])),
      required: Object.entries(shape).filter(([, s]) => !s.optional).map(([k]) => k),
      additionalProperties: false,
    }),
  }
}
