// The plain input of the document generators (invitation letters, attendance sheets, iCalendar,
// WhatsApp links): one Bimtek batch (kelas) as a KPU office prints it. Nothing here reads a store;
// whoever holds a plan (cli/, service/) fills these structs, and tests build them by hand.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "core/region.h"

namespace bimtek::render {

// The sending office (KPU Kabupaten/Kota) and who signs.
struct Office {
  std::string name;          // "KOMISI PEMILIHAN UMUM KOTA BOGOR" (letterhead, as printed)
  std::string address;       // letterhead line under the name; may be empty
  std::string place;         // place in the date line: "Kota Bogor"
  std::string signer_title;  // "Ketua KPU Kota Bogor"
  std::string signer_name;   // "Muhamad Habibi Zaenal Arifin"
};

// One row of the agenda: a module and its local start and end (minutes after midnight).
struct AgendaItem {
  int start = 0;
  int end = 0;
  std::string module;  // "M3"; may be empty
  std::string title;   // "Pemungutan suara"
};

struct Participant {
  std::string name;
  std::string position;     // "Ketua KPPS", "Anggota KPPS 4"
  std::string tps;          // "TPS 001"
  std::string desa;         // "Kelurahan Batutulis"
  std::string access_code;  // the personal access code (docs/accounts.md); printed and in the QR
  std::string phone;        // as registered ("0812…", "+62 812…"); may be empty (no WA link)
};

struct Batch {
  std::string id;  // stable identifier: file names and the iCalendar UID; [A-Za-z0-9._-]+
  std::string title = "Bimbingan Teknis KPPS Pemilu 2024";
  Office office;
  std::string letter_number;  // "123/PP.05-Und/3271/2024"
  Date letter_date;
  Date date;  // the day of the batch
  TimeZone zone = TimeZone::kWib;
  int start = 0;  // local minutes after midnight
  int end = 0;
  std::string venue_name;
  std::string venue_address;
  std::vector<AgendaItem> agenda;
  std::vector<std::string> bring;  // "Kartu Tanda Penduduk (KTP)", …
  std::vector<Participant> participants;
};

// Options shared by the generators.
struct RenderOptions {
  // The QR code and the printed link open access_url_base + the access code. Default: the
  // server's participant login page (docs/invitations.md).
  std::string access_url_base = "https://bimtek.kpu.go.id/masuk?kode=";
  // The iCalendar UID domain: UID = "batch-<id>@<uid_domain>".
  std::string uid_domain = "bimtek.kpu.go.id";
};

// Checks what every generator relies on: an id of [A-Za-z0-9._-], valid dates, 0 <= start < end
// <= 1440, agenda items inside the day and in order, at most kMaxAgenda items and kMaxBring
// things to bring (so that a letter fits one A4 page), every participant with a name and an
// access code. InvalidArgument naming the field (and the participant's index, from 1) otherwise.
inline constexpr int kMaxAgenda = 10;
inline constexpr int kMaxBring = 5;
Status ValidateBatch(const Batch& b);

// The personal link in the QR code: access_url_base + the code with spaces and dashes removed
// and percent-encoded.
std::string AccessUrl(const RenderOptions& options, std::string_view code);

// "ABCDE-FGHJK": the access code in groups of five for print (spaces and dashes removed first).
std::string GroupCode(std::string_view code);

}  // namespace bimtek::render
