# Lessons in the chat and their practice (issue 26); UAC's "to train" list.

ally-menu-lessons = Lessons and more
lessons-intro = 📚 Short lessons to use your access well: a few messages and one or two questions at the end.
lessons-done-line = ✓ { $title }: { $right } of { $questions } right
lessons-pick = Choose a lesson or practise with sample data. { choose-hint }
lessons-more = More lessons
lessons-practice = Practice (sample)
lessons-back-menu = Main menu
lessons-title = 📖 { $title }
lessons-next = Continue
lessons-leave = Leave the lesson
lessons-question = ❓ { $question }
lessons-right = ✅ Right!
lessons-wrong = The right answer is «{ $answer }».
lessons-finished = You finished the lesson «{ $title }»: { $right } of { $questions } right. It is recorded in your progress.
lessons-use-buttons = To go on, { tap } one of the lesson's buttons.
paused-lesson = your lesson

practice-banner = 🧪 PRACTICE (PRÁCTICA): sample data, not real people.
practice-intro = Here you can try the padrón's queries without touching real data. Choose a query or search a sample DNI (00000101 to 00000106).
practice-place = the practice district
practice-ask-dni = Write a sample DNI, from 00000101 to 00000106.
practice-dni-none = There is no sample person with DNI { $dni }. The practice only has sample DNIs: from 00000101 to 00000106.
practice-back = Back to practice
practice-leave = Leave the practice

train-none = No access to train: every active access was used in the last month and its people took some lesson.
train-header = Accesses to train: { $count } (active, unused for { $days ->
        [one] 1 day
       *[other] { $days } days
    } or with no lesson taken).
train-line = • { $code }, { $place }: { $why } (lessons: { $lessons }{ $idle ->
        [-1] , never used
        [one] , 1 day unused
       *[other] , { $idle } days unused
    })
train-more = … and { $more } more. The whole list is in the console (/consola, Coverage).
train-why-unused = unused
train-why-no-lesson = no lessons
train-why-both = unused and no lessons

lessons-sheet = Lessons
lessons-col-lesson = Lesson
lessons-col-started = Started
lessons-col-completed = Finished
lessons-col-score = Score

usage-page-lessons = Lessons
usage-page-lesson = A lesson
usage-page-practice = Practice

console-train-title = Accesses to train
console-train-hint = Active accesses unused for { $days ->
        [one] 1 day
       *[other] { $days } days
    } or whose people took no lesson in the chat (/lecciones). Offer them a training.
console-train-col-place = Jurisdiction
console-train-col-why = Reason
console-train-col-lessons = Lessons taken
console-train-never = Never used
