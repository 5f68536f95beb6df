#include "provider/terraform/msgpack.h"

#include <bit>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace wgmesh::terraform {

// ---- writer ----

void MsgpackWriter::BigEndian(uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) Byte(static_cast<uint8_t>(v >> (8 * i)));
}

void MsgpackWriter::Header(uint8_t fix_base, uint32_t fix_max, uint8_t code8, uint8_t code16,
                           uint8_t code32, uint32_t size) {
  if (size <= fix_max) {
    Byte(static_cast<uint8_t>(fix_base | size));
  } else if (code8 != 0 && size <= 0xff) {
    Byte(code8);
    BigEndian(size, 1);
  } else if (size <= 0xffff) {
    Byte(code16);
    BigEndian(size, 2);
  } else {
    Byte(code32);
    BigEndian(size, 4);
  }
}

void MsgpackWriter::Nil() { Byte(0xc0); }

void MsgpackWriter::Bool(bool b) { Byte(b ? 0xc3 : 0xc2); }

void MsgpackWriter::Uint(uint64_t v) {
  if (v <= 0x7f) {
    Byte(static_cast<uint8_t>(v));
  } else if (v <= 0xff) {
    Byte(0xcc);
    BigEndian(v, 1);
  } else if (v <= 0xffff) {
    Byte(0xcd);
    BigEndian(v, 2);
  } else if (v <= 0xffffffffu) {
    Byte(0xce);
    BigEndian(v, 4);
  } else {
    Byte(0xcf);
    BigEndian(v, 8);
  }
}

void MsgpackWriter::Int(int64_t v) {
  if (v >= 0) return Uint(static_cast<uint64_t>(v));
  const uint64_t bits = static_cast<uint64_t>(v);
  if (v >= -32) {
    Byte(static_cast<uint8_t>(bits));
  } else if (v >= INT8_MIN) {
    Byte(0xd0);
    BigEndian(bits, 1);
  } else if (v >= INT16_MIN) {
    Byte(0xd1);
    BigEndian(bits, 2);
  } else if (v >= INT32_MIN) {
    Byte(0xd2);
    BigEndian(bits, 4);
  } else {
    Byte(0xd3);
    BigEndian(bits, 8);
  }
}

void MsgpackWriter::Double(double v) {
  Byte(0xcb);
  BigEndian(std::bit_cast<uint64_t>(v), 8);
}

void MsgpackWriter::String(std::string_view s) {
  Header(0xa0, 31, 0xd9, 0xda, 0xdb, static_cast<uint32_t>(s.size()));
  out_.append(s);
}

void MsgpackWriter::Binary(std::string_view b) {
  if (b.size() <= 0xff) {
    Byte(0xc4);
    BigEndian(b.size(), 1);
  } else if (b.size() <= 0xffff) {
    Byte(0xc5);
    BigEndian(b.size(), 2);
  } else {
    Byte(0xc6);
    BigEndian(b.size(), 4);
  }
  out_.append(b);
}

void MsgpackWriter::ArrayHeader(uint32_t size) { Header(0x90, 15, 0, 0xdc, 0xdd, size); }

void MsgpackWriter::MapHeader(uint32_t size) { Header(0x80, 15, 0, 0xde, 0xdf, size); }

void MsgpackWriter::Ext(int8_t type, std::string_view data) {
  switch (data.size()) {
    case 1: Byte(0xd4); break;
    case 2: Byte(0xd5); break;
    case 4: Byte(0xd6); break;
    case 8: Byte(0xd7); break;
    case 16: Byte(0xd8); break;
    default:
      if (data.size() <= 0xff) {
        Byte(0xc7);
        BigEndian(data.size(), 1);
      } else if (data.size() <= 0xffff) {
        Byte(0xc8);
        BigEndian(data.size(), 2);
      } else {
        Byte(0xc9);
        BigEndian(data.size(), 4);
      }
  }
  Byte(static_cast<uint8_t>(type));
  out_.append(data);
}

// ---- reader ----

absl::StatusOr<uint8_t> MsgpackReader::Byte() {
  if (pos_ >= data_.size()) {
    return absl::InvalidArgumentError(absl::StrCat("msgpack: truncated at byte ", pos_));
  }
  return static_cast<uint8_t>(data_[pos_++]);
}

absl::StatusOr<uint64_t> MsgpackReader::BigEndian(int bytes) {
  if (data_.size() - pos_ < static_cast<size_t>(bytes)) {
    return absl::InvalidArgumentError(absl::StrCat("msgpack: truncated at byte ", pos_));
  }
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<uint8_t>(data_[pos_++]);
  return v;
}

absl::StatusOr<std::string_view> MsgpackReader::Bytes(uint64_t n) {
  if (data_.size() - pos_ < n) {
    return absl::InvalidArgumentError(
        absl::StrCat("msgpack: length ", n, " runs past the end at byte ", pos_));
  }
  std::string_view out = data_.substr(pos_, static_cast<size_t>(n));
  pos_ += static_cast<size_t>(n);
  return out;
}

absl::Status MsgpackReader::Mismatch(std::string_view wanted) const {
  if (pos_ >= data_.size()) return absl::InvalidArgumentError("msgpack: unexpected end of data");
  return absl::InvalidArgumentError(absl::StrFormat("msgpack: expected %s, found byte 0x%02x at %d",
                                                    wanted, static_cast<uint8_t>(data_[pos_]), pos_));
}

absl::StatusOr<MsgpackReader::Type> MsgpackReader::Peek() const {
  if (pos_ >= data_.size()) return absl::InvalidArgumentError("msgpack: unexpected end of data");
  const uint8_t c = static_cast<uint8_t>(data_[pos_]);
  if (c <= 0x7f) return Type::kUint;
  if (c <= 0x8f) return Type::kMap;
  if (c <= 0x9f) return Type::kArray;
  if (c <= 0xbf) return Type::kString;
  if (c >= 0xe0) return Type::kInt;
  switch (c) {
    case 0xc0: return Type::kNil;
    case 0xc2:
    case 0xc3: return Type::kBool;
    case 0xc4:
    case 0xc5:
    case 0xc6: return Type::kBinary;
    case 0xc7:
    case 0xc8:
    case 0xc9:
    case 0xd4:
    case 0xd5:
    case 0xd6:
    case 0xd7:
    case 0xd8: return Type::kExt;
    case 0xca:
    case 0xcb: return Type::kFloat;
    case 0xcc:
    case 0xcd:
    case 0xce:
    case 0xcf: return Type::kUint;
    case 0xd0:
    case 0xd1:
    case 0xd2:
    case 0xd3: return Type::kInt;
    case 0xd9:
    case 0xda:
    case 0xdb: return Type::kString;
    case 0xdc:
    case 0xdd: return Type::kArray;
    case 0xde:
    case 0xdf: return Type::kMap;
    default: break;
  }
  return absl::InvalidArgumentError(absl::StrFormat("msgpack: invalid byte 0x%02x at %d", c, pos_));
}

absl::Status MsgpackReader::ReadNil() {
  if (pos_ >= data_.size() || static_cast<uint8_t>(data_[pos_]) != 0xc0) return Mismatch("nil");
  ++pos_;
  return absl::OkStatus();
}

absl::StatusOr<bool> MsgpackReader::ReadBool() {
  absl::StatusOr<Type> t = Peek();
  if (!t.ok() || *t != Type::kBool) return Mismatch("bool");
  return static_cast<uint8_t>(data_[pos_++]) == 0xc3;
}

absl::StatusOr<uint64_t> MsgpackReader::ReadUint() {
  absl::StatusOr<Type> t = Peek();
  if (!t.ok() || *t != Type::kUint) return Mismatch("unsigned integer");
  const uint8_t c = static_cast<uint8_t>(data_[pos_++]);
  if (c <= 0x7f) return c;
  return BigEndian(1 << (c - 0xcc));  // cc..cf: 1, 2, 4, 8 bytes
}

absl::StatusOr<int64_t> MsgpackReader::ReadInt() {
  absl::StatusOr<Type> t = Peek();
  if (t.ok() && *t == Type::kUint) {
    const size_t start = pos_;
    absl::StatusOr<uint64_t> u = ReadUint();
    if (!u.ok()) return u.status();
    if (*u > static_cast<uint64_t>(INT64_MAX)) {
      pos_ = start;
      return absl::OutOfRangeError("msgpack: unsigned integer exceeds int64");
    }
    return static_cast<int64_t>(*u);
  }
  if (!t.ok() || *t != Type::kInt) return Mismatch("integer");
  const uint8_t c = static_cast<uint8_t>(data_[pos_++]);
  if (c >= 0xe0) return static_cast<int64_t>(static_cast<int8_t>(c));
  const int bytes = 1 << (c - 0xd0);  // d0..d3: 1, 2, 4, 8 bytes
  absl::StatusOr<uint64_t> raw = BigEndian(bytes);
  if (!raw.ok()) return raw.status();
  switch (bytes) {
    case 1: return static_cast<int64_t>(static_cast<int8_t>(*raw));
    case 2: return static_cast<int64_t>(static_cast<int16_t>(*raw));
    case 4: return static_cast<int64_t>(static_cast<int32_t>(*raw));
    default: return static_cast<int64_t>(*raw);
  }
}

absl::StatusOr<double> MsgpackReader::ReadFloat() {
  absl::StatusOr<Type> t = Peek();
  if (!t.ok() || *t != Type::kFloat) return Mismatch("float");
  const uint8_t c = static_cast<uint8_t>(data_[pos_++]);
  if (c == 0xca) {
    absl::StatusOr<uint64_t> raw = BigEndian(4);
    if (!raw.ok()) return raw.status();
    return static_cast<double>(std::bit_cast<float>(static_cast<uint32_t>(*raw)));
  }
  absl::StatusOr<uint64_t> raw = BigEndian(8);
  if (!raw.ok()) return raw.status();
  return std::bit_cast<double>(*raw);
}

absl::StatusOr<std::string_view> MsgpackReader::ReadString() {
  absl::StatusOr<Type> t = Peek();
  if (!t.ok() || *t != Type::kString) return Mismatch("string");
  const uint8_t c = static_cast<uint8_t>(data_[pos_++]);
  uint64_t n;
  if (c <= 0xbf) {
    n = c & 0x1f;
  } else {
    absl::StatusOr<uint64_t> len = BigEndian(1 << (c - 0xd9));  // d9..db: 1, 2, 4 bytes
    if (!len.ok()) return len.status();
    n = *len;
  }
  return Bytes(n);
}

absl::StatusOr<std::string_view> MsgpackReader::ReadBinary() {
  absl::StatusOr<Type> t = Peek();
  if (!t.ok() || *t != Type::kBinary) return Mismatch("binary");
  const uint8_t c = static_cast<uint8_t>(data_[pos_++]);
  absl::StatusOr<uint64_t> len = BigEndian(1 << (c - 0xc4));  // c4..c6: 1, 2, 4 bytes
  if (!len.ok()) return len.status();
  return Bytes(*len);
}

absl::StatusOr<uint32_t> MsgpackReader::ReadArrayHeader() {
  absl::StatusOr<Type> t = Peek();
  if (!t.ok() || *t != Type::kArray) return Mismatch("array");
  const uint8_t c = static_cast<uint8_t>(data_[pos_++]);
  uint64_t n;
  if (c <= 0x9f) {
    n = c & 0x0f;
  } else {
    absl::StatusOr<uint64_t> len = BigEndian(c == 0xdc ? 2 : 4);
    if (!len.ok()) return len.status();
    n = *len;
  }
  if (n > data_.size() - pos_) return absl::InvalidArgumentError("msgpack: array longer than data");
  return static_cast<uint32_t>(n);
}

absl::StatusOr<uint32_t> MsgpackReader::ReadMapHeader() {
  absl::StatusOr<Type> t = Peek();
  if (!t.ok() || *t != Type::kMap) return Mismatch("map");
  const uint8_t c = static_cast<uint8_t>(data_[pos_++]);
  uint64_t n;
  if (c <= 0x8f) {
    n = c & 0x0f;
  } else {
    absl::StatusOr<uint64_t> len = BigEndian(c == 0xde ? 2 : 4);
    if (!len.ok()) return len.status();
    n = *len;
  }
  if (2 * n > data_.size() - pos_) return absl::InvalidArgumentError("msgpack: map longer than data");
  return static_cast<uint32_t>(n);
}

absl::StatusOr<MsgpackReader::ExtValue> MsgpackReader::ReadExt() {
  absl::StatusOr<Type> t = Peek();
  if (!t.ok() || *t != Type::kExt) return Mismatch("extension");
  const uint8_t c = static_cast<uint8_t>(data_[pos_++]);
  uint64_t n;
  if (c >= 0xd4) {
    n = uint64_t{1} << (c - 0xd4);  // fixext 1, 2, 4, 8, 16
  } else {
    absl::StatusOr<uint64_t> len = BigEndian(1 << (c - 0xc7));  // c7..c9: 1, 2, 4 bytes
    if (!len.ok()) return len.status();
    n = *len;
  }
  absl::StatusOr<uint8_t> type = Byte();
  if (!type.ok()) return type.status();
  absl::StatusOr<std::string_view> data = Bytes(n);
  if (!data.ok()) return data.status();
  return ExtValue{static_cast<int8_t>(*type), *data};
}

absl::Status MsgpackReader::Skip() { return SkipAt(0); }

absl::Status MsgpackReader::SkipAt(int depth) {
  if (depth > kMaxDepth) return absl::InvalidArgumentError("msgpack: nesting too deep");
  absl::StatusOr<Type> t = Peek();
  if (!t.ok()) return t.status();
  switch (*t) {
    case Type::kNil: return ReadNil();
    case Type::kBool: return ReadBool().status();
    case Type::kInt: return ReadInt().status();
    case Type::kUint: return ReadUint().status();
    case Type::kFloat: return ReadFloat().status();
    case Type::kString: return ReadString().status();
    case Type::kBinary: return ReadBinary().status();
    case Type::kExt: return ReadExt().status();
    case Type::kArray:
    case Type::kMap: {
      const bool is_map = *t == Type::kMap;
      absl::StatusOr<uint32_t> n = is_map ? ReadMapHeader() : ReadArrayHeader();
      if (!n.ok()) return n.status();
      const uint64_t items = is_map ? 2 * uint64_t{*n} : *n;
      for (uint64_t i = 0; i < items; ++i) {
        if (absl::Status s = SkipAt(depth + 1); !s.ok()) return s;
      }
      return absl::OkStatus();
    }
  }
  return absl::InternalError("msgpack: unreachable");
}

}  // namespace wgmesh::terraform
