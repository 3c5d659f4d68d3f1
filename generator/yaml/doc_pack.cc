#include "yaml/doc_pack.h"

#include <cstdint>

namespace vg {
namespace {

// A node is one byte, type in the low nibble and tag kind in the high one, then its content:
// a scalar's length and text, a sequence's count and items, a map's count and key/value pairs.
// An explicit tag's length and text come right after the byte. Lengths and counts are LEB128.
constexpr std::string_view kMagic = "vgdoc1\n";
constexpr int kMaxDepth = 500;  // what parse_docs lets through

enum TagKind : std::uint8_t { kNoTag = 0, kPlain = 1, kNonPlain = 2, kExplicit = 3 };

void put_count(std::string& out, std::size_t n) {
  do {
    const auto low = static_cast<std::uint8_t>(n & 0x7f);
    n >>= 7;
    out += static_cast<char>(n ? (low | 0x80) : low);
  } while (n);
}

void put_text(std::string& out, std::string_view s) {
  put_count(out, s.size());
  out += s;
}

void put(std::string& out, const Doc& d) {
  const std::string& tag = d.Tag();
  const TagKind kind = tag.empty() ? kNoTag : tag == "?" ? kPlain : tag == "!" ? kNonPlain : kExplicit;
  out += static_cast<char>(static_cast<std::uint8_t>(d.Type()) | (kind << 4));
  if (kind == kExplicit) put_text(out, tag);
  switch (d.Type()) {
    case DocType::kUndefined:
    case DocType::kNull: break;
    case DocType::kScalar: put_text(out, d.Scalar()); break;
    case DocType::kSequence:
      put_count(out, d.items().size());
      for (const Doc& item : d.items()) put(out, item);
      break;
    case DocType::kMap:
      put_count(out, d.entries().size());
      for (const DocEntry& e : d.entries()) {
        put(out, e.first);
        put(out, e.second);
      }
      break;
  }
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : in_(bytes) {}

  bool count(std::size_t& n) {
    n = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at_ >= in_.size()) return false;
      const auto b = static_cast<std::uint8_t>(in_[at_++]);
      n |= static_cast<std::size_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  }

  bool text(std::string_view& s) {
    std::size_t n;
    if (!count(n) || n > in_.size() - at_) return false;
    s = in_.substr(at_, n);
    at_ += n;
    return true;
  }

  bool node(Doc& d, int depth) {
    if (depth > kMaxDepth || at_ >= in_.size()) return false;
    const auto b = static_cast<std::uint8_t>(in_[at_++]);
    const auto kind = static_cast<TagKind>(b >> 4);
    std::string_view tag = kind == kPlain ? "?" : kind == kNonPlain ? "!" : "";
    if (kind == kExplicit && !text(tag)) return false;
    std::size_t n;
    std::string_view s;
    switch (static_cast<DocType>(b & 0x0f)) {
      case DocType::kUndefined: d = Doc(); return kind == kNoTag;
      case DocType::kNull: d = Doc::null(); break;
      case DocType::kScalar:
        if (!text(s)) return false;
        d = Doc::scalar(std::string(s));
        break;
      case DocType::kSequence:
        if (!count(n) || n > in_.size() - at_) return false;  // every item takes a byte at least
        d = Doc::sequence();
        d.items().resize(n);
        for (Doc& item : d.items())
          if (!node(item, depth + 1)) return false;
        break;
      case DocType::kMap:
        if (!count(n) || n > (in_.size() - at_) / 2) return false;
        d = Doc::map();
        d.entries().resize(n);
        for (DocEntry& e : d.entries())
          if (!node(e.first, depth + 1) || !node(e.second, depth + 1)) return false;
        break;
      default: return false;
    }
    d.set_tag(tag);
    return true;
  }

  bool done() const { return at_ == in_.size(); }

 private:
  std::string_view in_;
  std::size_t at_ = 0;
};

}  // namespace

std::string pack_docs(const std::vector<Doc>& docs) {
  std::string out(kMagic);
  put_count(out, docs.size());
  for (const Doc& d : docs) put(out, d);
  return out;
}

bool unpack_docs(std::string_view bytes, std::vector<Doc>& out) {
  if (bytes.substr(0, kMagic.size()) != kMagic) return false;
  Reader r(bytes.substr(kMagic.size()));
  std::size_t n;
  if (!r.count(n) || n > bytes.size()) return false;
  out.assign(n, Doc());
  for (Doc& d : out)
    if (!r.node(d, 0)) return false;
  return r.done();
}

}  // namespace vg
