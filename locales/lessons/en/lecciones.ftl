# Short lessons for allies (domain::lessons): a few messages and one or two
# questions at the end. Answers of at most 20 characters (WhatsApp buttons).

lesson-aliado = USUARIO ALIADO is the CONTIGO Programme's tool for its allies: local governments, regional governments and other entities.
    .title = What USUARIO ALIADO does
    .order = 1
    .part-1 = With your access you query the padrón of your jurisdiction: people current, suspended and disaffiliated, collection authorisations and affiliation requests.
    .part-2 = A Local Government sees its district; a Regional Government, its region; another ally sees only national totals by category, no personal data.
    .part-3 = With it you can find who needs help, support the collection and tell the Programme when something changes.
    .question-1 = A Local Government sees the padrón of…
    .question-1-options = Its district | The whole country | Its region
    .question-1-answer = 1
    .question-1-why = Each access sees only its jurisdiction: the district, for a Local Government.
    .question-2 = What does another ally (an NGO, say) see?
    .question-2-options = Personal data | National totals
    .question-2-answer = 2
    .question-2-why = Another ally sees totals by category, never personal data.

lesson-ddc-ley = The DDC (Confidentiality Declaration) is the commitment the authority signs to receive the access.
    .title = The DDC and Law 29733
    .order = 2
    .part-1 = With it the authority commits not to use the users' information for its own ends and to watch over the proper use of the account, under Law No. 29733 on Personal Data Protection.
    .part-2 = The DDC is valid for the fiscal year: it is renewed every year. If the responsible person changes, a new access is requested with its DDC.
    .part-3 = Misuse of the data carries administrative, civil and criminal liability.
    .question-1 = How long is the DDC valid?
    .question-1-options = Forever | One fiscal year | One month
    .question-1-answer = 2
    .question-1-why = The DDC is renewed every fiscal year.
    .question-2 = If the responsible person changes, what is done?
    .question-2-options = Lend the account | Ask a new access
    .question-2-answer = 2
    .question-2-why = The account is personal: the new responsible asks for their own access.

lesson-padron = This is how you query the padrón in this chat, with your access bound.
    .title = Querying the padrón
    .order = 3
    .part-1 = Write /padron and choose a query: current, suspended, disaffiliated, collection authorisations or minors without authorisation. Each answer has a button to download the list.
    .part-2 = For one person, choose «Search by DNI» and write the 8 digits. If the DNI is not from your jurisdiction, the answer is the same as if it were not listed.
    .part-3 = Each answer says the date the data is from. You can practise with sample data in the lessons' «Practice».
    .question-1 = You search a DNI from another district. What happens?
    .question-1-options = It shows everything | It says not listed
    .question-1-answer = 2
    .question-1-why = You only see people of your jurisdiction; that protects the data.

lesson-alertas-fad = A Local Government helps the Programme keep the padrón up to date with alerts and data update forms (FAD).
    .title = Alerts and FAD
    .order = 4
    .part-1 = An alert reports something that happened to a user: death, hospital stay, change of address or another situation. In /padron choose «Report an alert».
    .part-2 = The FAD updates the address, a reference and a contact phone. In /padron choose «Update data (FAD)».
    .part-3 = In both you first write the person's DNI, who must be from your district, and you get a number to follow your report.
    .question-1 = A user moved to another street. What do you send?
    .question-1-options = An alert | A FAD
    .question-1-answer = 2
    .question-1-why = The FAD updates the address and the contact.
    .question-2 = A user is in hospital. What do you send?
    .question-2-options = An alert | A FAD | Nothing
    .question-2-answer = 1
    .question-2-why = A hospital stay is reported with an alert.

lesson-proteger-datos = The padrón holds personal data of people with severe disability: protecting it is part of your work.
    .title = Protecting the data
    .order = 5
    .part-1 = Use the information only for your work. Do not share lists on social networks or hand them to other offices or people.
    .part-2 = Keep downloaded lists in a safe place and delete them when you no longer need them. Do not lend your account: it is personal.
    .part-3 = Each query and each download is recorded under your name, as Law No. 29733 requires.
    .question-1 = A neighbour asks for the list of current users. What do you do?
    .question-1-options = Send it | Do not share it
    .question-1-answer = 2
    .question-1-why = The list is only for your work: it is not shared.
