#pragma once
// The column lists both stores select, and how a row of them becomes a StoredLead or an
// OutboxEntry: one mapping for SQLite and PostgreSQL. `Row` reads column i as text(i),
// integer(i), real(i) and boolean(i).
#include <string>
#include <vector>

#include "magnete/json.hpp"
#include "store.hpp"

namespace magnete::collector {

inline constexpr const char* kLeadColumns =
    "id, campaign_id, campaign_version, variant, received_at, submitted_at, email, stage, band, "
    "grade, score, verified, status, reason, client_assessment, server_assessment, consents, "
    "payload, http_status, response, source, views, channel, reason_code, dropped_events";

inline constexpr const char* kOutboxColumns =
    "id, lead_id, campaign_id, destination, request, status, attempts, next_attempt_at, "
    "last_status, last_error, created_at, updated_at";

/// Lead ids as a JSON array, the one parameter of a query over several leads (SQLite's
/// json_each, PostgreSQL's jsonb_array_elements_text): any number of ids, each escaped by JSON.
inline std::string id_list(const std::vector<std::string>& ids) {
  return Json(ids).dump(-1, ' ', false, Json::error_handler_t::replace);
}

/// A row of kLeadColumns.
template <class Row>
StoredLead lead_from_row(const Row& s) {
  StoredLead lead;
  lead.id = s.text(0);
  lead.campaign_id = s.text(1);
  lead.campaign_version = s.text(2);
  lead.variant = s.text(3);
  lead.received_at = s.text(4);
  lead.submitted_at = s.text(5);
  lead.email = s.text(6);
  lead.stage = s.text(7);
  lead.band = s.text(8);
  lead.grade = s.text(9);
  lead.score = s.real(10);
  lead.verified = s.boolean(11);
  lead.status = s.text(12);
  lead.reason = s.text(13);
  lead.client_assessment = s.text(14);
  lead.server_assessment = s.text(15);
  lead.consents = s.text(16);
  lead.payload = s.text(17);
  lead.http_status = static_cast<int>(s.integer(18));
  lead.response = s.text(19);
  lead.source = s.text(20);
  lead.views = s.integer(21);
  lead.channel = s.text(22);
  lead.reason_code = s.text(23);
  lead.dropped_events = s.integer(24);
  return lead;
}

/// A row of kOutboxColumns.
template <class Row>
OutboxEntry entry_from_row(const Row& s) {
  OutboxEntry e;
  e.id = s.integer(0);
  e.lead_id = s.text(1);
  e.campaign_id = s.text(2);
  e.destination = s.text(3);
  e.request = s.text(4);
  e.status = s.text(5);
  e.attempts = s.integer(6);
  e.next_attempt_at = s.integer(7);
  e.last_status = static_cast<int>(s.integer(8));
  e.last_error = s.text(9);
  e.created_at = s.text(10);
  e.updated_at = s.text(11);
  return e;
}

}  // namespace magnete::collector
