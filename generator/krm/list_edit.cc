#include "krm/list_edit.h"

#include <algorithm>

#include "yaml/doc.h"
#include "yaml/emit.h"

namespace vg {
namespace {

// A byte range of the input and what takes its place.
struct Splice {
  std::size_t begin = 0, end = 0;
  std::string text;
};

bool blank(char c) { return c == ' ' || c == '\t'; }

std::string_view without_final_newline(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Block text at column 0 placed where `item` starts: its continuation lines indented to the column.
std::string block_at(std::string_view text, const ItemSpan& item) {
  text = without_final_newline(text);
  std::string out;
  std::size_t pos = 0;
  for (bool first = true; pos <= text.size(); first = false) {
    const std::size_t nl = std::min(text.find('\n', pos), text.size());
    const std::string_view line = text.substr(pos, nl - pos);
    if (!first) {
      out += '\n';
      if (!line.empty() && line != "\r") out.append(static_cast<std::size_t>(item.column), ' ');
    }
    out.append(line);
    pos = nl + 1;
  }
  return out;
}

// The object as a flow mapping on one line: a flow sequence cannot hold block text.
std::optional<std::string> flow_of(std::string_view text) {
  Doc node;
  DocParseError error;
  if (!parse_doc(text, node, error)) return std::nullopt;
  std::string out;
  emit_flow(out, node);
  return out;
}

// Removal of a block sequence entry: from the start of the line holding its `- ` to its end of line.
std::optional<Splice> remove_block_entry(std::string_view in, const ItemSpan& item) {
  std::size_t dash = item.begin;
  while (dash > 0 && (blank(in[dash - 1]) || in[dash - 1] == '\n' || in[dash - 1] == '\r')) --dash;
  if (dash == 0 || in[dash - 1] != '-') return std::nullopt;  // a comment or a tag between: leave it to the user
  --dash;
  std::size_t line_start = dash;
  while (line_start > 0 && blank(in[line_start - 1])) --line_start;
  if (line_start > 0 && in[line_start - 1] != '\n') return std::nullopt;
  std::size_t end = item.end;
  if (end < in.size() && in[end] == '\r') ++end;
  if (end < in.size() && in[end] == '\n') ++end;
  return Splice{line_start, end, {}};
}

// Removal of a flow sequence entry with the comma that separates it from a neighbour.
Splice remove_flow_entry(std::string_view in, const ItemSpan& item) {
  std::size_t after = item.end;
  while (after < in.size() && (blank(in[after]) || in[after] == '\n' || in[after] == '\r')) ++after;
  if (after < in.size() && in[after] == ',') {
    ++after;
    while (after < in.size() && blank(in[after])) ++after;
    return {item.begin, after, {}};
  }
  std::size_t before = item.begin;
  while (before > 0 && (blank(in[before - 1]) || in[before - 1] == '\n' || in[before - 1] == '\r')) --before;
  if (before > 0 && in[before - 1] == ',') return {before - 1, item.end, {}};
  return {item.begin, item.end, {}};
}

std::optional<Splice> splice_of(std::string_view in, const ListItemEdit& e) {
  const ItemSpan& item = *e.item;
  if (!e.text) return e.in_flow ? std::optional<Splice>(remove_flow_entry(in, item)) : remove_block_entry(in, item);
  if (!e.in_flow) return Splice{item.begin, item.end, block_at(*e.text, item)};
  auto flow = flow_of(*e.text);
  if (!flow) return std::nullopt;
  return Splice{item.begin, item.end, std::move(*flow)};
}

}  // namespace

std::optional<std::string> edited_list_text(std::string_view input, const ItemSpan& list,
                                            std::vector<ListItemEdit> edits) {
  std::vector<Splice> splices;
  for (const ListItemEdit& e : edits) {
    auto s = splice_of(input, e);
    if (!s || s->begin < list.begin || s->begin > list.end) return std::nullopt;
    s->end = std::min(s->end, list.end);  // the newline after the List's last line is not the List's
    splices.push_back(std::move(*s));
  }
  std::sort(splices.begin(), splices.end(), [](const Splice& a, const Splice& b) { return a.begin < b.begin; });
  std::string text;
  std::size_t pos = list.begin;
  for (const Splice& s : splices) {
    if (s.begin < pos) return std::nullopt;  // overlapping edits
    text.append(input.substr(pos, s.begin - pos));
    text += s.text;
    pos = s.end;
  }
  text.append(input.substr(pos, list.end - pos));
  ItemSpan shifted = list;  // the same List, its text now in `text`
  shifted.begin = 0;
  shifted.end = text.size();
  return item_text(text, shifted);
}

}  // namespace vg
