#include "yaml/doc_pack.h"

#include <cstdint>

namespace vg {
namespace {

// A node is one byte, type in the low nibble and tag kind in the high one, then its content: a
// scalar's length and text; a sequence's count, byte length and items; a map's count, byte length
// and key/value pairs. An explicit tag's length and text come right after the byte. Lengths and
// counts are LEB128. The byte lengths let a reader step over a subtree without reading it.
constexpr std::string_view kMagic = "vgdoc2\n";
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
  std::string content;
  switch (d.Type()) {
    case DocType::kUndefined:
    case DocType::kNull: return;
    case DocType::kScalar: put_text(out, d.Scalar()); return;
    case DocType::kSequence:
      put_count(out, d.items().size());
      for (const Doc& item : d.items()) put(content, item);
      break;
    case DocType::kMap:
      put_count(out, d.entries().size());
      for (const DocEntry& e : d.entries()) {
        put(content, e.first);
        put(content, e.second);
      }
      break;
  }
  put_text(out, content);
}

// Reading, with every length checked against what is left: the bytes are build output, but a
// damaged binary must fail, not read out of bounds.
struct Cursor {
  std::string_view in;
  std::size_t at = 0;

  bool count(std::size_t& n) {
    n = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at >= in.size()) return false;
      const auto b = static_cast<std::uint8_t>(in[at++]);
      n |= static_cast<std::size_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  }

  bool text(std::string_view& s) {
    std::size_t n;
    if (!count(n) || n > in.size() - at) return false;
    s = in.substr(at, n);
    at += n;
    return true;
  }

  struct Header {
    DocType type = DocType::kUndefined;
    TagKind kind = kNoTag;
    std::string_view tag;
    std::size_t count = 0;    // containers
    std::string_view body;    // a scalar's text, a container's content
  };

  // Reads a node's header and steps over its body.
  bool header(Header& h) {
    if (at >= in.size()) return false;
    const auto b = static_cast<std::uint8_t>(in[at++]);
    h.kind = static_cast<TagKind>(b >> 4);
    h.type = static_cast<DocType>(b & 0x0f);
    if (h.kind > kExplicit) return false;
    h.tag = h.kind == kPlain ? "?" : h.kind == kNonPlain ? "!" : "";
    if (h.kind == kExplicit && !text(h.tag)) return false;
    switch (h.type) {
      case DocType::kUndefined: return h.kind == kNoTag;
      case DocType::kNull: return true;
      case DocType::kScalar: return text(h.body);
      case DocType::kSequence:
      case DocType::kMap:
        // Every item takes a byte at least, every entry two.
        return count(h.count) && text(h.body) &&
               h.count <= h.body.size() / (h.type == DocType::kMap ? 2 : 1);
      default: return false;
    }
  }

  // The next node's bytes, stepped over.
  bool extent(std::string_view& node) {
    const std::size_t begin = at;
    Header h;
    if (!header(h)) return false;
    node = in.substr(begin, at - begin);
    return true;
  }
};

bool read(std::string_view node, Doc& d, int depth, std::string_view within, const PackedNode::Defer* defer);

bool read_map(Cursor& c, std::size_t n, Doc& d, int depth, std::string_view within, const PackedNode::Defer* defer) {
  d = Doc::map();
  d.entries().resize(n);
  for (DocEntry& e : d.entries()) {
    std::string_view key, value;
    if (!c.extent(key) || !c.extent(value)) return false;
    if (!read(key, e.first, depth + 1, "", defer)) return false;
    if (defer && *defer && (*defer)(within, depth, e.first, PackedNode(value), e.second)) continue;
    if (!read(value, e.second, depth + 1, e.first.Scalar(), defer)) return false;
  }
  return c.at == c.in.size();
}

bool read(std::string_view node, Doc& d, int depth, std::string_view within, const PackedNode::Defer* defer) {
  if (depth > kMaxDepth) return false;
  Cursor c{node};
  Cursor::Header h;
  if (!c.header(h) || c.at != node.size()) return false;
  Cursor body{h.body};
  switch (h.type) {
    case DocType::kUndefined: d = Doc(); return true;
    case DocType::kNull: d = Doc::null(); break;
    case DocType::kScalar: d = Doc::scalar(std::string(h.body)); break;
    case DocType::kSequence:
      d = Doc::sequence();
      d.items().resize(h.count);
      for (Doc& item : d.items()) {
        std::string_view item_bytes;
        if (!body.extent(item_bytes) || !read(item_bytes, item, depth + 1, "", defer)) return false;
      }
      if (body.at != body.in.size()) return false;
      break;
    case DocType::kMap:
      if (!read_map(body, h.count, d, depth, within, defer)) return false;
      break;
    default: return false;
  }
  d.set_tag(h.tag);
  return true;
}

}  // namespace

bool PackedNode::unpack(Doc& out, const Defer& defer) const {
  if (bytes_.empty()) {
    out = Doc();
    return true;
  }
  return read(bytes_, out, 0, "", &defer);
}

std::string pack_docs(const std::vector<Doc>& docs) {
  std::string out(kMagic);
  put_count(out, docs.size());
  for (const Doc& d : docs) put(out, d);
  return out;
}

bool packed_docs(std::string_view bytes, std::vector<PackedNode>& out) {
  out.clear();
  if (bytes.substr(0, kMagic.size()) != kMagic) return false;
  Cursor c{bytes.substr(kMagic.size())};
  std::size_t n;
  if (!c.count(n) || n > c.in.size()) return false;
  for (std::size_t i = 0; i < n; ++i) {
    std::string_view node;
    if (!c.extent(node)) return false;
    out.push_back(PackedNode(node));
  }
  return c.at == c.in.size();
}

bool unpack_docs(std::string_view bytes, std::vector<Doc>& out) {
  std::vector<PackedNode> nodes;
  if (!packed_docs(bytes, nodes)) return false;
  out.assign(nodes.size(), Doc());
  for (std::size_t i = 0; i < nodes.size(); ++i)
    if (!nodes[i].unpack(out[i])) return false;
  return true;
}

}  // namespace vg
