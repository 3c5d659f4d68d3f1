#include "krm/output.h"

#include "yaml/emit.h"

namespace vg {

std::string join_pieces(const std::vector<OutputPiece>& pieces, std::string_view input, std::string_view written) {
  std::size_t size = 0;
  for (const auto& p : pieces) size += p.size;
  std::string s;
  s.reserve(size);
  for (const auto& p : pieces) s.append((p.from_input ? input : written).substr(p.begin, p.size));
  return s;
}

bool write_pieces(std::FILE* out, const std::vector<OutputPiece>& pieces, std::string_view input,
                  std::string_view written) {
  for (const auto& p : pieces) {
    const std::string_view v = (p.from_input ? input : written).substr(p.begin, p.size);
    if (std::fwrite(v.data(), 1, v.size(), out) != v.size()) return false;
  }
  return std::fflush(out) == 0;
}

void OutputBuilder::literal(std::string_view s) {
  const std::size_t begin = mark();
  written_ += s;
  written_since(begin);
}

void OutputBuilder::list_item(const ItemSpan& span) {
  if (!span.flow && span.column == 2 && span.begin >= 2 && input_.substr(span.begin - 2, 2) == "- " &&
      (span.begin == 2 || input_[span.begin - 3] == '\n') && indented_by_two(span)) {
    add_with_newline(span.begin - 2, span.end);
    return;
  }
  const std::size_t begin = mark();
  emit_list_item_text(written_, item_text(input_, span));
  written_since(begin);
}

void OutputBuilder::document(const ItemSpan& span) {
  if (span.column == 0) {
    add_with_newline(span.begin, span.end);
    return;
  }
  const std::size_t begin = mark();
  written_ += item_text(input_, span);
  if (written_.empty() || written_.back() != '\n') written_ += '\n';
  written_since(begin);
}

// Every line after the first is empty or starts with two spaces: re-indenting would not change it.
bool OutputBuilder::indented_by_two(const ItemSpan& span) const {
  std::size_t pos = input_.find('\n', span.begin);
  while (pos != std::string_view::npos && pos + 1 < span.end) {
    const std::size_t line = pos + 1;
    const char c = input_[line];
    const bool ok = c == '\n' || (c == '\r' && line + 1 < input_.size() && input_[line + 1] == '\n') ||
                    (line + 1 < input_.size() && c == ' ' && input_[line + 1] == ' ');
    if (!ok) return false;
    pos = input_.find('\n', line);
  }
  return true;
}

// input[begin, end) and a line end: the input's own when it follows (so that consecutive items stay
// one piece), else a written one.
void OutputBuilder::add_with_newline(std::size_t begin, std::size_t end) {
  if (end > begin && input_[end - 1] == '\n') {
    add(true, begin, end - begin);
  } else if (end < input_.size() && input_[end] == '\n') {
    add(true, begin, end - begin + 1);
  } else {
    add(true, begin, end - begin);
    literal("\n");
  }
}

void OutputBuilder::add(bool from_input, std::size_t begin, std::size_t size) {
  if (size == 0) return;
  if (!pieces_.empty() && pieces_.back().from_input == from_input &&
      pieces_.back().begin + pieces_.back().size == begin)
    pieces_.back().size += size;
  else
    pieces_.push_back({from_input, begin, size});
}

}  // namespace vg
