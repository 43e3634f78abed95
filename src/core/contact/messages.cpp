#include <array>
#include <string>

#include "magnete/contact.hpp"

namespace magnete {
namespace {

struct Message {
  const char* code;
  const char* en;
  const char* it;
};

constexpr std::array<Message, 20> kMessages = {{
    {"required", "This field is required.", "Questo campo è obbligatorio."},
    {"too_long", "This text is too long.", "Il testo è troppo lungo."},
    {"too_short", "This text is too short.", "Il testo è troppo corto."},
    {"text_invalid", "This text contains characters that are not allowed.",
     "Il testo contiene caratteri non ammessi."},
    {"email_invalid", "Enter a valid email address, like name@example.com.",
     "Inserisci un indirizzo email valido, come nome@esempio.it."},
    {"email_too_long", "This email address is too long.", "Questo indirizzo email è troppo lungo."},
    {"phone_invalid", "Enter a valid phone number, like +39 333 123 4567.",
     "Inserisci un numero di telefono valido, come +39 333 123 4567."},
    {"phone_too_short", "This phone number is too short.", "Il numero di telefono è troppo corto."},
    {"phone_too_long", "This phone number is too long.", "Il numero di telefono è troppo lungo."},
    {"phone_country_unknown", "Add the international prefix, like +39.",
     "Aggiungi il prefisso internazionale, come +39."},
    {"number_invalid", "Enter a number.", "Inserisci un numero."},
    {"too_small", "This number is too small.", "Il numero è troppo piccolo."},
    {"too_large", "This number is too large.", "Il numero è troppo grande."},
    {"option_invalid", "Choose one of the options.", "Scegli una delle opzioni."},
    {"checkbox_invalid", "Tick or untick the box.", "Seleziona o deseleziona la casella."},
    {"consent_required", "Please accept to continue.", "Per continuare devi accettare."},
    {"field_unknown", "This field is not part of the form.",
     "Questo campo non fa parte del modulo."},
    {"email_suggestion", "Did you mean", "Forse intendevi"},
    {"answer_required", "Choose an answer.", "Scegli una risposta."},
    {"answer_invalid", "Choose one of the answers.", "Scegli una delle risposte."},
}};

}  // namespace

std::string message_for(std::string_view code, std::string_view locale) {
  bool italian = locale.substr(0, 2) == "it";
  for (const auto& m : kMessages) {
    if (code == m.code) return italian ? m.it : m.en;
  }
  return std::string(code);
}

}  // namespace magnete
