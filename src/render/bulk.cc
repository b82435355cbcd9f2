#include "render/bulk.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

#include "base/strings.h"
#include "io/sheet.h"
#include "render/ics.h"
#include "render/letters.h"
#include "render/whatsapp.h"

namespace bimtek::render {
namespace {

struct BatchOutput {
  Status status;
  std::vector<std::string> temp_files;  // written, waiting for the rename
  int64_t letters = 0;
  int64_t links = 0;
  std::vector<LinkProblem> problems;
};

Status WriteTemp(const std::string& path, std::string_view bytes, BatchOutput& out) {
  // WriteFileAtomically writes <path>.tmp then renames to its argument: aim it at the .tmp.
  const std::string temp = StrCat(path, ".tmp");
  RETURN_IF_ERROR(WriteFileAtomically(temp, bytes));
  out.temp_files.push_back(temp);
  return absl::OkStatus();
}

void RenderOne(const Batch& b, const std::string& dir, const BulkOptions& options,
               BatchOutput& out) {
  StatusOr<std::string> pdf = InvitationLettersPdf(b, options.render);
  if (!pdf.ok()) {
    out.status = pdf.status();
    return;
  }
  const std::string base = StrCat(dir, "/", b.id);
  out.status = WriteTemp(StrCat(base, ".pdf"), *pdf, out);
  if (!out.status.ok()) return;
  out.letters = static_cast<int64_t>(b.participants.size());
  if (options.write_ics) {
    out.status =
        WriteTemp(StrCat(base, ".ics"), BatchIcs(b, options.render, options.dtstamp_unix), out);
    if (!out.status.ok()) return;
  }
  if (options.write_links) {
    const std::string path = StrCat(base, "-whatsapp.csv.tmp");
    out.status = WriteWhatsAppCsv(b, options.render, path, &out.problems);
    out.temp_files.push_back(path);
    out.links = out.letters - static_cast<int64_t>(out.problems.size());
  }
}

}  // namespace

Status WriteWhatsAppCsv(const Batch& b, const RenderOptions& options, const std::string& path,
                        std::vector<LinkProblem>* problems) {
  ASSIGN_OR_RETURN(std::unique_ptr<io::SheetWriter> csv,
                   io::CreateSheet(path, io::SheetFormat::kCsv));
  RETURN_IF_ERROR(csv->WriteRow({"no", "name", "position", "tps", "whatsapp_link", "problem"}));
  for (size_t i = 0; i < b.participants.size(); ++i) {
    const Participant& p = b.participants[i];
    StatusOr<std::string> link = ParticipantWhatsAppLink(b, p, options);
    std::string problem;
    if (!link.ok()) {
      problem = std::string(link.status().message());
      problems->push_back({b.id, static_cast<int>(i + 1), p.name, problem});
    }
    RETURN_IF_ERROR(
        csv->WriteRow({StrCat(i + 1), p.name, p.position, p.tps, link.ok() ? *link : "", problem}));
  }
  return csv->Close();
}

StatusOr<BulkResult> WriteInvitations(const std::vector<Batch>& batches, const std::string& dir,
                                      const BulkOptions& options) {
  std::vector<BatchOutput> outputs(batches.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  auto work = [&] {
    for (size_t i = next++; i < batches.size() && !failed; i = next++) {
      RenderOne(batches[i], dir, options, outputs[i]);
      if (!outputs[i].status.ok()) failed = true;
    }
  };
  const int threads = std::max(1, std::min<int>(options.threads, static_cast<int>(batches.size())));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();

  Status first;
  for (const BatchOutput& o : outputs) {
    if (!o.status.ok()) {
      first = o.status;
      break;
    }
  }
  auto remove_temps = [&] {
    for (const BatchOutput& o : outputs) {
      for (const std::string& f : o.temp_files) std::remove(f.c_str());
    }
  };
  if (!first.ok()) {
    remove_temps();
    return first;
  }
  BulkResult result;
  for (const BatchOutput& o : outputs) {
    for (const std::string& temp : o.temp_files) {
      const std::string final_name = temp.substr(0, temp.size() - 4);
      if (std::rename(temp.c_str(), final_name.c_str()) != 0) {
        remove_temps();
        return absl::InternalError(StrCat("cannot rename ", temp, " to ", final_name));
      }
    }
    ++result.batches;
    result.letters += o.letters;
    result.links += o.links;
    result.problems.insert(result.problems.end(), o.problems.begin(), o.problems.end());
  }
  return result;
}

}  // namespace bimtek::render
