// A small GGUF (v3) reader and writer: enough to copy the tokenizer and chat template out of a
// vocab-only GGUF and write a tiny model around them. Format: llama.cpp's docs/gguf.md
// (little-endian; header, metadata key/values, tensor infos, aligned tensor data).
import { readFileSync, writeFileSync } from 'node:fs';

export enum GgufType {
  Uint8 = 0, Int8 = 1, Uint16 = 2, Int16 = 3, Uint32 = 4, Int32 = 5, Float32 = 6, Bool = 7,
  String = 8, Array = 9, Uint64 = 10, Int64 = 11, Float64 = 12,
}

export type GgufScalar = number | bigint | boolean | string;
export interface GgufValue {
  type: GgufType;
  /** For arrays: the element type. */
  itemType?: GgufType;
  value: GgufScalar | GgufScalar[];
}

/** ggml tensor types used here. */
export enum GgmlType { F32 = 0, F16 = 1 }

export interface GgufTensor {
  name: string;
  /** ggml order: dims[0] is the fastest-varying (row length). */
  dims: number[];
  type: GgmlType;
  data: Buffer;
}

export interface GgufFile {
  metadata: Map<string, GgufValue>;
  tensors: GgufTensor[];
}

const MAGIC = 0x46554747; // "GGUF"
const DEFAULT_ALIGNMENT = 32;

class Reader {
  offset = 0;
  constructor(private readonly buf: Buffer) {}
  u32(): number { const v = this.buf.readUInt32LE(this.offset); this.offset += 4; return v; }
  u64(): bigint { const v = this.buf.readBigUInt64LE(this.offset); this.offset += 8; return v; }
  count(): number {
    const v = this.u64();
    if (v > BigInt(this.buf.length)) throw new Error(`GGUF: implausible count ${v} at byte ${this.offset - 8}`);
    return Number(v);
  }
  string(): string {
    const length = this.count();
    const s = this.buf.toString('utf8', this.offset, this.offset + length);
    this.offset += length;
    return s;
  }
  scalar(type: GgufType): GgufScalar {
    const b = this.buf;
    const at = this.offset;
    switch (type) {
      case GgufType.Uint8: this.offset += 1; return b.readUInt8(at);
      case GgufType.Int8: this.offset += 1; return b.readInt8(at);
      case GgufType.Uint16: this.offset += 2; return b.readUInt16LE(at);
      case GgufType.Int16: this.offset += 2; return b.readInt16LE(at);
      case GgufType.Uint32: this.offset += 4; return b.readUInt32LE(at);
      case GgufType.Int32: this.offset += 4; return b.readInt32LE(at);
      case GgufType.Float32: this.offset += 4; return b.readFloatLE(at);
      case GgufType.Bool: this.offset += 1; return b.readUInt8(at) !== 0;
      case GgufType.String: return this.string();
      case GgufType.Uint64: this.offset += 8; return b.readBigUInt64LE(at);
      case GgufType.Int64: this.offset += 8; return b.readBigInt64LE(at);
      case GgufType.Float64: this.offset += 8; return b.readDoubleLE(at);
      default: throw new Error(`GGUF: unknown value type ${type} at byte ${at}`);
    }
  }
  value(type: GgufType): GgufValue {
    if (type !== GgufType.Array) return { type, value: this.scalar(type) };
    const itemType = this.u32() as GgufType;
    const length = this.count();
    const items: GgufScalar[] = new Array<GgufScalar>(length);
    for (let i = 0; i < length; i++) items[i] = this.scalar(itemType);
    return { type, itemType, value: items };
  }
}

const TYPE_SIZE: Record<GgmlType, number> = { [GgmlType.F32]: 4, [GgmlType.F16]: 2 };

export function readGguf(path: string): GgufFile {
  const buf = readFileSync(path);
  const r = new Reader(buf);
  if (r.u32() !== MAGIC) throw new Error(`${path} is not a GGUF file`);
  const version = r.u32();
  if (version !== 3 && version !== 2) throw new Error(`${path}: GGUF version ${version} is not supported`);
  const tensorCount = r.count();
  const kvCount = r.count();
  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < kvCount; i++) {
    const key = r.string();
    metadata.set(key, r.value(r.u32() as GgufType));
  }
  const infos: { name: string; dims: number[]; type: GgmlType; offset: number }[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = r.string();
    const nDims = r.u32();
    const dims: number[] = [];
    for (let d = 0; d < nDims; d++) dims.push(r.count());
    const type = r.u32() as GgmlType;
    infos.push({ name, dims, type, offset: Number(r.u64()) });
  }
  const alignment = Number(metadata.get('general.alignment')?.value ?? DEFAULT_ALIGNMENT);
  const dataStart = Math.ceil(r.offset / alignment) * alignment;
  const tensors = infos.map((info) => {
    const size = TYPE_SIZE[info.type];
    if (size === undefined) throw new Error(`${path}: tensor ${info.name} has type ${info.type}, which this reader does not handle`);
    const bytes = info.dims.reduce((a, b) => a * b, 1) * size;
    const start = dataStart + info.offset;
    return { name: info.name, dims: info.dims, type: info.type, data: buf.subarray(start, start + bytes) };
  });
  return { metadata, tensors };
}

class Writer {
  private readonly parts: Buffer[] = [];
  length = 0;
  push(b: Buffer): void { this.parts.push(b); this.length += b.length; }
  u32(v: number): void { const b = Buffer.alloc(4); b.writeUInt32LE(v); this.push(b); }
  u64(v: number | bigint): void { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); this.push(b); }
  string(s: string): void { const b = Buffer.from(s, 'utf8'); this.u64(b.length); this.push(b); }
  scalar(type: GgufType, v: GgufScalar): void {
    const b = Buffer.alloc(8);
    switch (type) {
      case GgufType.Uint8: b.writeUInt8(Number(v)); this.push(b.subarray(0, 1)); return;
      case GgufType.Int8: b.writeInt8(Number(v)); this.push(b.subarray(0, 1)); return;
      case GgufType.Uint16: b.writeUInt16LE(Number(v)); this.push(b.subarray(0, 2)); return;
      case GgufType.Int16: b.writeInt16LE(Number(v)); this.push(b.subarray(0, 2)); return;
      case GgufType.Uint32: b.writeUInt32LE(Number(v)); this.push(b.subarray(0, 4)); return;
      case GgufType.Int32: b.writeInt32LE(Number(v)); this.push(b.subarray(0, 4)); return;
      case GgufType.Float32: b.writeFloatLE(Number(v)); this.push(b.subarray(0, 4)); return;
      case GgufType.Bool: b.writeUInt8(v ? 1 : 0); this.push(b.subarray(0, 1)); return;
      case GgufType.String: this.string(String(v)); return;
      case GgufType.Uint64: b.writeBigUInt64LE(BigInt(v)); this.push(b); return;
      case GgufType.Int64: b.writeBigInt64LE(BigInt(v)); this.push(b); return;
      case GgufType.Float64: b.writeDoubleLE(Number(v)); this.push(b); return;
      default: throw new Error(`GGUF: cannot write value type ${type}`);
    }
  }
  concat(): Buffer { return Buffer.concat(this.parts, this.length); }
}

export function writeGguf(path: string, file: GgufFile): void {
  const w = new Writer();
  w.u32(MAGIC);
  w.u32(3);
  w.u64(file.tensors.length);
  w.u64(file.metadata.size);
  for (const [key, entry] of file.metadata) {
    w.string(key);
    w.u32(entry.type);
    if (entry.type === GgufType.Array) {
      const items = entry.value as GgufScalar[];
      w.u32(entry.itemType ?? GgufType.Uint8);
      w.u64(items.length);
      for (const item of items) w.scalar(entry.itemType ?? GgufType.Uint8, item);
    } else w.scalar(entry.type, entry.value as GgufScalar);
  }
  const alignment = Number(file.metadata.get('general.alignment')?.value ?? DEFAULT_ALIGNMENT);
  let offset = 0;
  const offsets: number[] = [];
  for (const tensor of file.tensors) {
    offsets.push(offset);
    offset = Math.ceil((offset + tensor.data.length) / alignment) * alignment;
  }
  file.tensors.forEach((tensor, i) => {
    w.string(tensor.name);
    w.u32(tensor.dims.length);
    for (const d of tensor.dims) w.u64(d);
    w.u32(tensor.type);
    w.u64(offsets[i] ?? 0);
  });
  w.push(Buffer.alloc(Math.ceil(w.length / alignment) * alignment - w.length));
  for (const tensor of file.tensors) {
    w.push(tensor.data);
    const padded = Math.ceil(tensor.data.length / alignment) * alignment;
    w.push(Buffer.alloc(padded - tensor.data.length));
  }
  writeFileSync(path, w.concat());
}
