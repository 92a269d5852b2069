# Frequently asked questions: answers from the knowledge base (locales/kb/) and
# step-by-step guides, in the chat, at any hour.

menu-faq = Frequent questions
faq-intro = Write your question in your own words, for example: "how long does the review take?". Or pick a topic. { choose-hint }
faq-topic-pension = The pension
faq-topic-cobro = Payment authorisation
faq-topic-aliado = USUARIO ALIADO access
faq-topic-ddc = The DDC
faq-topic-padron = Padrón, alerts and FAD
faq-topic-plazos = Terms and observations
faq-topic-atencion = Contact and support
faq-guides = How to…? Step by step
faq-guides-prompt = Step-by-step guides. Which one would you like? { choose-hint }
faq-topic-prompt = { $topic }: pick a question or write your own. { choose-hint }
faq-back = Back to the topics
faq-answer =
    { $title }

    { $body }

    Source: { $source }
faq-helped = Did this help?
faq-yes = Yes
faq-no = No, a specialist
faq-thanks = Glad it helped! If you have another question, write it any time.
faq-unclear = I am not sure what you need. Do you mean one of these questions? If none fits, write your question another way or tap "None of these" and I will pass it to a specialist.
faq-none-of-these = None of these
faq-nothing = I found no answer for "{ $question }". I can pass your question to a specialist of the Programme, who will answer you in this chat.
faq-to-person = Ask a specialist
faq-main-menu = Main menu
faq-guide-step =
    Step { $step } of { $total }

    { $text }
faq-next = Next
faq-guide-done = That was the guide "{ $title }". Source: { $source }
faq-entry-gone = That answer is no longer available. Please write your question again.
faq-person-browsed = I read "{ $title }" in the frequent questions and need more help.
faq-to-ticket = I am passing your question to a specialist of the Programme.
faq-person-already = We already passed that question to a specialist, in ticket { $code }. If you need anything else, write /especialista.
ticket-report-kb = Frequent questions: { $answered ->
        [one] 1 question answered
       *[other] { $answered } questions answered
    } without a person; { $person ->
        [one] 1 asked
       *[other] { $person } asked
    } for a specialist after the answer; { $unanswered ->
        [one] 1 question found
       *[other] { $unanswered } questions found
    } no answer (contigo-bot report kb).
