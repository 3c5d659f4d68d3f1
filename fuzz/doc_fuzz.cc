// libFuzzer target: the YAML reader and writer of the hot path. For any bytes the libyaml Doc reader
// accepts, every document must
//   - survive the packed form (doc_pack.h) unchanged,
//   - survive a trip through yaml-cpp nodes (doc_yaml.h) unchanged,
//   - be written by emit_block as YAML that reads back with the same meaning: the same strings,
//     numbers, booleans and nulls (keys are always written as strings, so only their text counts).
// A difference aborts: it would be a value silently changed between input and output.
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "yaml/doc.h"
#include "yaml/doc_pack.h"
#include "support/doc_yaml.h"
#include "yaml/emit.h"
#include "yaml/yaml_scalar.h"

namespace {

bool is_string(const vg::Doc& d) {
  const std::string& t = d.Tag();
  return t == "!" || t == "tag:yaml.org,2002:str" || ((t.empty() || t == "?") && !vg::is_implicitly_typed(d.Scalar()));
}

bool scalar_keys_only(const vg::Doc& d, int depth) {
  if (depth > 150) return false;  // the writer refuses deeper trees; nothing to compare
  for (const auto& e : d.entries())
    if (!e.first.IsScalar() || !scalar_keys_only(e.second, depth + 1)) return false;
  for (const auto& i : d.items())
    if (!scalar_keys_only(i, depth + 1)) return false;
  return true;
}

bool same_meaning(const vg::Doc& a, const vg::Doc& b) {
  if (a.Type() != b.Type()) return false;
  if (a.IsScalar()) return a.Scalar() == b.Scalar() && is_string(a) == is_string(b);
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.items().size(); ++i)
    if (!same_meaning(a.items()[i], b.items()[i])) return false;
  for (std::size_t i = 0; i < a.entries().size(); ++i)
    if (a.entries()[i].first.Scalar() != b.entries()[i].first.Scalar() ||
        !same_meaning(a.entries()[i].second, b.entries()[i].second))
      return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<vg::Doc> docs;
  vg::DocParseError err;
  const vg::Limits limits;  // the run's defaults: aliases, depth, scalars and duplicate keys as in production
  if (!vg::parse_docs(text, docs, err, limits)) {
    if (err.message.empty()) std::abort();  // a refusal must say why
    return 0;
  }

  std::vector<vg::Doc> unpacked;
  if (!vg::unpack_docs(vg::pack_docs(docs), unpacked) || unpacked.size() != docs.size()) std::abort();
  for (std::size_t i = 0; i < docs.size(); ++i)
    if (!vg::same_doc(docs[i], unpacked[i])) std::abort();

  for (const vg::Doc& d : docs) {
    if (!vg::same_doc(d, vg::to_doc(vg::to_yaml(d)))) std::abort();
    if (!scalar_keys_only(d, 0)) continue;
    std::string out;
    try {
      vg::emit_block(out, d, 0);
    } catch (const std::runtime_error&) {
      continue;  // deeper than the writer's bound
    }
    vg::Doc back;
    vg::DocParseError back_err;
    if (!vg::parse_doc(out, back, back_err, limits)) std::abort();  // we wrote something unreadable
    if (!same_meaning(d, back)) std::abort();
  }
  return 0;
}
