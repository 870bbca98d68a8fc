# Hand-written knowledge-base content: Harbourfield Classroom (online classes). Format: see kb_consumer_a.py
DATA = r"""
@ classroom-video | Classroom live & video lessons | Live lessons, recordings, uploaded video lessons, screen sharing, audio and camera in Harbourfield Classroom.

# Students can't hear me in a live lesson
- In the live lesson click the microphone icon and check the right microphone is selected (not "Default" if you use a headset).
- In the browser address bar click the lock icon > Microphone > Allow for classroom.harbourfield.example.
- Check the operating system allows the browser to use the microphone (macOS System Settings > Privacy > Microphone; Windows Settings > Privacy > Microphone).
- Use "Test audio" in the lesson's settings panel; the level bar should move when you speak.
- Reload the lesson page after changing permissions.
? my students can't hear me in the live lesson
? the class says there is no sound from me, my mic works in other apps
? I'm talking but the students only see me, no audio, lesson for {class}
? microphone not working in Classroom, the bar doesn't move
! nobody in the class can hear what I say
> Students can't hear me
> Microphone not working
> No audio in live lesson
< Mic silent in lesson

# Screen share shows a black screen
- On macOS open System Settings > Privacy & Security > Screen Recording and enable your browser; restart the browser.
- Share a single window or tab instead of the entire screen if the screen is black.
- In Chrome turn off "Use graphics acceleration when available" (Settings > System) and restart.
- Close apps that block screen capture (some video players, password managers).
? when I share my screen students see black
? screen sharing shows black screen on my mac
? students can't see my slides, only black
! shared screen appears black for everyone
> Screen share black
> Students see black screen
< Sharing not visible

# Recording doesn't appear after the lesson
- Recordings are processed after the lesson ends; it takes about the lesson length.
- Make sure you clicked "End lesson for all", not just left; the recording stops only then.
- Find it under Class > Recordings; filter by date.
- If it shows "Failed", click "Recover recording" within 7 days.
? my lesson recording is missing
? recorded the lesson yesterday and it's not in recordings
? recording shows failed
! can't find the recording from today's lesson
> Recording missing
> Lesson not recorded
< Where is the recording

# Live lesson video lags or freezes
- Close other apps and tabs using the internet (cloud backups, streaming).
- Use a cable instead of Wi-Fi or sit near the router.
- In the lesson settings set "Video quality" to "Standard" and turn off "HD for my camera".
- Ask students to turn off their cameras in large classes.
? video freezes during my lessons
? my lesson keeps lagging, students say I'm frozen
? choppy video in live class
! the live video stutters
> Video freezing
> Lag in lessons
< Choppy video

# Uploaded video lesson stuck on "Processing"
- Videos must be MP4 (H.264) or MOV, up to 4 GB and 3 hours.
- Videos from some screen recorders use variable frame rate; convert to MP4 with constant frame rate.
- Delete the stuck upload and upload again on a stable connection; don't close the tab until it shows "Uploaded".
? uploaded video stuck processing
? my video lesson won't finish uploading
? upload stuck at 99%
! the video I uploaded never becomes available
> Video stuck processing
> Upload won't finish
< Video not available

# Students see "Lesson hasn't started"
- Students can enter only after you click "Start lesson" unless "Open early" is on.
- Check Class > Schedule for the right date and time zone.
- Turn off "Waiting room" or admit students from the waiting list.
? students are stuck on "lesson hasn't started"
? kids can't get in, says waiting for teacher
? my class can't join even though I'm in
! students see a waiting screen
> Students can't join lesson
> Lesson hasn't started
< Waiting room

# Echo or feedback in the live lesson
- Ask everyone not speaking to mute.
- Use headphones.
- Turn on "Echo cancellation" in settings.
? terrible echo in class
? feedback noise in the lesson
? I hear myself back
! loud echo in live lesson
> Echo in lesson
> Feedback noise
< Hearing myself

# Camera not detected in Classroom
- Close other apps using the camera (Teams, Zoom).
- Allow camera access in the browser.
- Select the camera in lesson settings.
? camera not found
? my webcam doesn't work in Classroom
? black video for my camera
! no camera in lesson
> Camera not detected
> Webcam not working
< No video from me

# Breakout rooms don't open
- Breakout rooms need "Breakout rooms" switched on in Class > Settings before the lesson.
- Assign students in the breakout panel and click "Open rooms".
- Students on the old app must update.
? breakout rooms not working
? can't split class into groups
? students not moved to rooms
! breakout doesn't start
> Breakout rooms
> Group rooms not working
< Can't open rooms

# Add captions to recorded lessons
- Open Class > Recordings > the video > "Captions".
- Click "Generate captions", pick the language.
- Edit mistakes and publish.
? how to add subtitles
? captions for recordings
? deaf student needs captions
! subtitles on videos
> Captions
> Subtitles for recordings
< Add captions

# Lesson link opens at the wrong time (time zone)
- Check Profile > Time zone.
- Edit the lesson schedule and save again.
- Resend the invitation link to students.
? lesson time wrong for students
? students got the lesson one hour off
? time zone problem in schedule
! lesson at wrong time
> Time zone wrong
> Lesson time wrong
< Schedule off by an hour

# Recording storage full
- Go to Settings > Storage.
- Delete old recordings or download and delete them.
- Upgrade to more storage.
? recording storage full
? can't record, no space
? storage limit reached
! out of storage
> Storage full
> No space for recordings
< Storage limit

# Whiteboard doesn't update for students
- Click "Share whiteboard" rather than sharing the screen.
- Ask students to reload.
- Use Chrome or Edge.
? whiteboard not visible for students
? students can't see the whiteboard
? drawing doesn't appear
! whiteboard not syncing
> Whiteboard not syncing
> Students can't see board
< Whiteboard issue

# Students can't join from the school network (firewall)
- Ask the school IT team to allow *.harbourfield.example on ports 443 TCP and 3478 UDP.
- Test at classroom.harbourfield.example/nettest on a school computer.
- Use "Fallback: TCP only" if UDP is blocked.
? students at school can't connect
? works at home, not in school
? school network blocks lessons
! can't join from school wifi
> School firewall
> Can't connect from school
< Blocked network

@ classroom-assignments | Classroom assignments & grading | Assignments, submissions, quizzes, rubrics and the gradebook in Harbourfield Classroom.

# Student submission fails with "Upload failed"
- Files must be under 100 MB; videos larger than that should be shared as a link.
- Supported formats are PDF, DOCX, PPTX, JPG, PNG, MP4; convert others (e.g. Pages) to PDF.
- Ask the student to rename files with special characters (e.g. #, %, emoji).
- On phones, the Classroom app must have access to files/photos.
? students get "upload failed" on the assignment
? my pupil can't submit her homework, error when uploading
? submission doesn't upload, the file is a pages document
? {n} students say upload failed for the essay
! a student says submitting the file just fails
> Upload failed on submission
> Students can't submit
> Assignment upload error
< Homework won't upload

# Assignment not visible to students
- Open the assignment: status "Draft" or "Scheduled" means students can't see it.
- Click "Publish now" or check the scheduled date and time zone.
- Check it's assigned to the right class or group.
? students can't see the assignment I made
? homework not showing for the class
? my assignment is invisible for students
! they don't see the task I posted
> Assignment not visible
> Students can't see homework
< Task not showing

# Submissions marked late although on time (due date time zone)
- Due dates use your profile time zone; check Profile > Time zone.
- Edit the assignment and check "Due" time.
- Remove the late flag with "Mark as on time".
? students marked late but they submitted on time
? late flag wrong
? submissions at 10pm shown as late, due was midnight
! everyone is shown as late
> Wrong late flag
> Late submission error
< Marked late

# Grades not syncing to the gradebook
- Check the assignment has "Count in gradebook" on.
- Grades must be "Returned" to appear.
- Click "Sync gradebook" in Gradebook.
? grades don't appear in gradebook
? gradebook empty
? marks not syncing
! grades missing from gradebook
> Gradebook not updating
> Grades not syncing
< Marks missing

# Plagiarism check stuck on "Pending"
- Checks run in order; large classes can take up to 2 hours.
- Files must contain text (scanned PDFs can't be checked).
- Click "Re-run check".
? plagiarism check pending
? originality report never finishes
? similarity check stuck
! plagiarism report not ready
> Plagiarism pending
> Originality check stuck
< Similarity report

# Rubric not showing for students
- Attach the rubric in the assignment > "Rubric".
- Turn on "Show rubric to students".
- Publish the assignment again so students receive the updated version.
- Ask a student to reload the assignment page or open it in the Classroom app.
? rubric not showing
? students can't see the rubric
? rubric disappeared
! marking criteria not visible
> Rubric missing
> Rubric not visible
< Criteria hidden

# Give one student an extension
- Open the assignment > Submissions > the student.
- Click "Extend due date" and pick the new date and time.
- The student sees the new deadline and isn't flagged late if they submit before it.
- The other students keep the original due date.
? give extension to a student
? reopen assignment for one pupil
? one student needs more time
! extend deadline for one kid
> Extension
> Reopen for one student
< More time for student

# Quiz auto-grading marks correct answers wrong
- Open the quiz > Answer key.
- Check accepted answers, spelling and case sensitivity.
- Click "Regrade" after fixing.
? quiz marks right answers as wrong
? auto grading wrong
? answer key problem
! quiz scores incorrect
> Quiz grading wrong
> Answer key
< Quiz scores wrong

# Students can't see their grades
- Grades are hidden until released.
- Open the assignment > "Release grades".
- Check Class settings > "Students can see gradebook".
? students don't see their grades
? grades hidden
? kids ask where marks are
! pupils can't view marks
> Students can't see grades
> Release grades
< Grades hidden

# Allow a student to resubmit
- Open the submission > "Return to student".
- The student can then upload again; the old file stays in the version history.
- Their status changes back to "Assigned" until they hand in.
- Grade the new version; the gradebook keeps only the latest grade.
? student submitted wrong file
? allow resubmission
? delete a submission
! student needs to resubmit
> Resubmission
> Wrong file submitted
< Resubmit homework

# Export the gradebook
- Go to Gradebook > Export.
- Choose the classes, the grading period and which assignments to include.
- Choose CSV (opens in Excel) or the school system format (SIMS/PowerSchool).
- Tick "Include student ID" so the school system can match students.
? export grades
? gradebook to excel
? download marks
! need grades as a file
> Export gradebook
> Grades CSV
< Download grades

# Feedback comments not visible to the student
- Comments are visible to the student only after you click "Return" on the submission.
- Check you wrote in "Feedback to student"; "Private notes" are teacher-only.
- Returned submissions show a speech-bubble icon; ask the student to open the assignment, not just the gradebook.
? feedback not visible
? students can't see comments
? my comments are gone
! feedback doesn't show
> Feedback missing
> Comments not visible
< Student can't see feedback

# Copy an assignment to another class
- Open the assignment > ... > "Copy to class".
- Choose the target classes and set new publish and due dates.
- Attachments, rubric and quiz questions are copied; submissions and grades are not.
- Check the copy is in "Draft" and publish it when ready.
? copy assignment to other class
? reuse assignment
? duplicate homework
! share task across classes
> Copy assignment
> Reuse task
< Duplicate assignment

# Group assignment: only one member can submit
- Set "Group submission" in the assignment.
- Create groups in Class > Groups.
- One submission counts for all members.
? group assignment only one can submit
? group submission
? group members can't see the work
! group work problems
> Group assignment
> Group submission
< Group task

@ classroom-roster | Classroom enrolment & attendance | Class codes, rosters, invitations, attendance tracking, parents and co-teachers in Harbourfield Classroom.

# Students can't join with the class code
- Class codes expire after 14 days by default; open Class > Settings > Class code and click "Reset code".
- Share the new 7-character code; codes are not case-sensitive but 0/O and 1/I are not used.
- Check "Allow joining with code" is switched on.
- If the class is full (seat limit), remove inactive students first.
? students can't join my class with the code
? the class code says invalid
? kids type the code and it doesn't work, class {class}
? "code expired" when pupils try to join
! the join code won't work for new students
> Class code not working
> Students can't join class
> Invalid class code
< Join code invalid

# Import a class roster from CSV
- Go to Class > People > Import.
- Use the template: first name, last name, e-mail, student ID.
- Save as CSV UTF-8.
? import students from a file
? roster upload fails
? add students from excel
! upload my class list
> Import roster
> CSV students
< Class list import

# Remove a student or archive a class
- To remove one student go to Class > People, click the student and choose "Remove from class".
- Their submissions and grades stay in the gradebook export for 1 year.
- At the end of term go to Class > Settings > "Archive class"; it becomes read-only.
- Archived classes are found under Classes > Archived and can be restored.
? remove a student from class
? archive my old class
? student left the school
! take pupil out of class
> Remove student
> Archive class
< Old class

# Attendance not recorded automatically
- Turn on Class > Settings > "Automatic attendance".
- Students must join signed in, not with a guest link.
- Attendance is recorded after the lesson ends.
? attendance not recorded
? no attendance for my live lesson
? auto attendance doesn't work
! attendance report empty
> Attendance missing
> Automatic attendance
< No attendance

# Invite parents or guardians
- Go to Class > People > student > "Invite guardian".
- Enter the guardian's e-mail address and click "Send invite".
- The guardian creates a free guardian account and sees grades, missing work and attendance.
- Turn on a weekly summary e-mail in Class > Settings > Guardians.
? invite parents
? parent access
? guardians can't see
! parents want to see progress
> Parent access
> Invite guardian
< Guardians

# Add a co-teacher
- Class > People > "Invite teacher".
- Enter the colleague's school e-mail and choose "Co-teacher" (full rights) or "Teaching assistant" (no grading).
- The co-teacher accepts from the invitation e-mail; the class then appears on their dashboard.
- Only the class owner can remove co-teachers or delete the class.
? add a co-teacher
? invite another teacher
? co teacher can't see class
! share my class with colleague
> Co-teacher
> Invite teacher
< Second teacher

# Student appears twice in the roster
- In Class > People compare the two entries' e-mail addresses; usually one is a personal address.
- Check which entry has submissions in the gradebook.
- Remove the duplicate that has no submissions.
- Ask the student to always sign in with the school e-mail.
? student listed twice
? duplicate student in class
? same kid two accounts
! double entries in roster
> Duplicate student
> Student twice
< Two accounts student

# Export the attendance report
- Go to Class > Attendance > Export.
- Choose the date range and whether to include join/leave times.
- Choose CSV for spreadsheets or PDF for printing; the file is e-mailed if it covers more than 90 days.
? export attendance
? attendance report for the school
? download attendance
! need attendance as spreadsheet
> Attendance export
> Attendance report
< Download attendance

# Change a student's display name
- Students can change their own name in Profile > Name unless the school manages names.
- Teachers can set a display name in Class > People > student > Edit > "Display name".
- For school-managed accounts, the name must be changed in the school's system and syncs overnight.
? student name wrong
? change pupil name
? display name
! name spelled wrong
> Student name
> Display name
< Wrong name

# Copy a class for the new term
- Class > Settings > "Copy class".
- Choose what to copy: assignments, materials and rubrics (students and grades are never copied).
- Assignments in the copy are set to Draft; update their dates for the new term.
- Share the new class code with the new students and archive the old class.
? new term copy class
? reuse my class next year
? duplicate class
! start new term with same content
> Copy class
> New term
< Reuse class

# Student under 13 needs guardian consent
- Students under 13 can join only with guardian consent.
- Send the consent request in Class > People > the student > "Request consent" with the guardian's e-mail.
- The guardian confirms from the e-mail; the student can join straight after.
- Until then the student shows as "Waiting for consent" and can't see class content.
? student under 13 can't join
? consent required
? child account blocked
! young pupil blocked
> Under 13 consent
> Consent required
< Child needs consent

# Student marked absent though they attended
- Students who joined as guest (via the phone dial-in or guest link) aren't matched.
- Open Attendance > lesson > "Unmatched participants" and link them.
- Ask students to sign in before joining.
? student marked absent but was there
? attendance says absent, she was in the lesson
? wrong absence
! kid was in class but shows absent
> Wrong absence
> Marked absent
< Attendance wrong

# Seat limit reached on the plan
- Check Settings > Plan for the seat count.
- Remove students who left (Class > People > Remove); their seats free up immediately.
- Archived classes don't use seats; archive last term's classes.
- Or upgrade in Settings > Plan > "Add seats".
? seat limit reached
? can't add more students
? plan full
! students can't join, plan limit
> Seat limit
> Plan full
< Too many students

# School roster sync failing (Google Classroom / Microsoft)
- Go to Settings > Integrations and reconnect.
- The admin must approve Harbourfield in the school tenant.
- Click "Sync now".
? roster sync fails
? google classroom import not working
? microsoft school sync error
! sync with school system broken
> Roster sync
> Integration error
< School sync
"""
