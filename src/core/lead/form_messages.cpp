#include <array>
#include <string>

#include "magnete/contact.hpp"
#include "magnete/form.hpp"

namespace magnete {
namespace {

struct Message {
  const char* code;
  const char* en;
  const char* it;
};

// Only a form posted without script and the collector's pages about it say these: kept apart
// from message_for()'s table, which the browser's module carries, so the widget does not.
constexpr std::array<Message, 7> kFormMessages = {{
    {"value_repeated", "This field takes a single value.", "Questo campo accetta un solo valore."},
    {"fix_errors", "Please check the highlighted fields.", "Controlla i campi evidenziati."},
    {"success", "Thank you! We have received your details.",
     "Grazie! Abbiamo ricevuto i tuoi dati."},
    {"form_unavailable", "This form is not available right now.",
     "Questo modulo non è disponibile al momento."},
    {"form_too_large", "The form is too large to send.",
     "Il modulo è troppo grande per essere inviato."},
    {"form_too_frequent",
     "Too many submissions from this connection: please try again in a minute.",
     "Troppi invii da questa connessione: riprova tra un minuto."},
    {"back_to_form", "Back to the form", "Torna al modulo"},
}};

}  // namespace

std::string form_message(std::string_view code, std::string_view locale) {
  for (const auto& m : kFormMessages) {
    if (code == m.code) return locale.substr(0, 2) == "it" ? m.it : m.en;
  }
  return message_for(code, locale);
}

}  // namespace magnete
