// The invitations of many batches at once (a whole kabupaten/kota): for each batch a PDF of
// letters, an iCalendar file and a CSV of WhatsApp links, rendered on several threads and
// written all or nothing (docs/invitations.md, "Files").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "render/batch.h"

namespace bimtek::render {

// A participant whose phone number gives no WhatsApp link.
struct LinkProblem {
  std::string batch_id;
  int index = 0;  // in the batch, from 1
  std::string name;
  std::string reason;  // NormalizeWhatsAppNumber's message
};

struct BulkResult {
  int batches = 0;
  int64_t letters = 0;                // PDF pages
  int64_t links = 0;                  // WhatsApp links written
  std::vector<LinkProblem> problems;  // in batch order, then participant order
};

struct BulkOptions {
  RenderOptions render;
  int threads = 2;           // batches rendered at once (>= 1)
  int64_t dtstamp_unix = 0;  // the iCalendar DTSTAMP (the time of generation)
  bool write_ics = true;
  bool write_links = true;
};

// Writes <dir>/<id>.pdf, <id>.ics and <id>-whatsapp.csv for every batch. `dir` must exist.
// Every file is first written as <name>.tmp and renamed only when all batches succeeded; on any
// error the temporary files are removed and the first error (in batch order) is returned:
// InvalidArgument for a batch that fails ValidateBatch, Internal for a file that cannot be
// written. A phone number that gives no link is not an error: it is listed in
// BulkResult::problems and in the CSV's `problem` column.
StatusOr<BulkResult> WriteInvitations(const std::vector<Batch>& batches, const std::string& dir,
                                      const BulkOptions& options);

// Writes the WhatsApp CSV of one batch to `path` (io::CreateSheet: UTF-8, RFC 4180): header
// no,name,position,tps,whatsapp_link,problem. Appends the participants without a link to
// `problems`. The sheet writer's errors (NotFound, PermissionDenied) otherwise.
Status WriteWhatsAppCsv(const Batch& b, const RenderOptions& options, const std::string& path,
                        std::vector<LinkProblem>* problems);

}  // namespace bimtek::render
