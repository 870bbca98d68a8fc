# Hand-written knowledge-base content: consumer categories (part A).
# Format (parsed by make_corpus.py):
#   @ category-id | Name | description
#   # Solution title
#   - step (without number)
#   ? symptom wording used for knowledge-base tickets
#   ! held-out symptom wording, used only for eval complaints
#   > subject line used for knowledge-base tickets
#   < held-out subject line, used only for eval complaints
# {a|b|c} picks one alternative; {order}, {phone} ... are filled in by the generator.

DATA = r"""
@ account-access | Account access & sign-in | Signing in, passwords, two-step verification, locked or duplicate accounts for the Harbourfield account used by every Harbourfield app.

# Reset a forgotten Harbourfield password
- On the sign-in screen tap "Forgot password?" and enter the e-mail address the account was created with.
- Open the e-mail "Reset your Harbourfield password" within 30 minutes and tap "Choose a new password".
- Pick a password of at least 10 characters that you have not used on Harbourfield before and confirm it.
- Sign in again on every device with the new password; older sessions are signed out automatically.
- If your browser autofills the old password, delete the saved entry in its password manager.
? I {forgot|can't remember|have no idea about} my password and {can't|cannot} get into my account anymore
? {password not accepted|it keeps saying wrong password} even though I am sure it is the one I always use
? I changed my password a while back and now none of the ones I remember work
? trying to {log in|sign in|login} to check my order but I don't know the password any more, it's been months since I used the account
? I {can't|cannot} {log in|sign in}, it says the {email or password is incorrect|password is wrong}
? {haven't|have not} used my account since last year and the password I wrote down doesn't work
? my {phone|laptop} remembered the password for me and after resetting the phone I don't know it
? it keeps rejecting my password on the website, I only need to see my invoices
? I think I mixed up my passwords between sites, none of them work for Harbourfield
! it says incorrect password every time, I probably reused an old one and now I'm stuck at the sign in page
> Forgot my password
> Can't log in - password not accepted
> wrong password??
< Locked out, don't know password

# Two-step verification SMS code never arrives
- On the code screen wait 60 seconds, then tap "Resend code" once (repeated taps cancel earlier codes).
- Check the phone number shown under "We sent a code to ..."; if it is an old number, tap "Use another method".
- Make sure the phone can receive SMS from short codes: turn off spam/unknown-sender filtering and disable Wi-Fi calling-only mode.
- If you set up an authenticator app or backup codes, choose that method instead of SMS.
- Once signed in, go to Account > Security > Two-step verification and update the phone number.
? the {verification|security|2FA|one time} code {never arrives|doesn't come|is not coming} by SMS, I waited 20 minutes
? I get to the "enter the 6 digit code" page but no text message ever shows up on my {phone}
? sign in asks for a code sent to my phone but I never receive anything, tried resend like ten times
? no sms code. changed my number last year, maybe it still sends to the old one?
? I'm abroad and the sms with the login code never comes
? security code text isn't arriving on my {phone}, I can't get into my account
! the text with the login code simply doesn't arrive, my phone gets other messages fine
> 2FA code not arriving
> No SMS verification code
< Verification text never received

# Account locked after too many failed sign-in attempts
- Wait 30 minutes: the lock lifts automatically after too many wrong passwords (message "Account temporarily locked", code AUTH-423).
- Do not keep retrying during the lock; every attempt restarts the 30-minute timer.
- If you are unsure of the password, use "Forgot password?" which also unlocks the account once the reset is completed.
- Check that Caps Lock is off and the keyboard language is correct before typing the password.
- After signing in, review Account > Security > Recent activity for attempts you do not recognise.
? it says {account temporarily locked|AUTH-423 account locked} after I typed my password wrong a few times
? I'm {locked out|blocked} of my account, it won't even let me try any more
? my {son|daughter|husband} tried to log in on my account several times and now it is locked
? "too many attempts, try again later" and it has been saying that all morning
! keeps telling me the account is temporarily locked, I only typed the password wrong 4 times
> Account locked
> Locked out after failed logins
< AUTH-423 on sign in

# "Sign in with Google/Apple" opens a new empty account
- Sign out, then sign in with the e-mail and password you originally used (not the Google/Apple button).
- Go to Account > Sign-in methods and tap "Link Google" or "Link Apple" so both methods open the same account.
- If you used "Hide my e-mail" with Apple, the empty account uses a privaterelay address; note it down.
- Ask us to close the empty duplicate account via Account > Help > "Close duplicate account" quoting both e-mail addresses.
- From now on use either method; both lead to the linked account with your orders and subscriptions.
? when I {sign in|log in} with Google my account is empty, no orders, no subscription, like a brand new account
? logged in with Apple ID and all my history is gone
? my account shows nothing, 0 orders, but I have bought loads from you. I used the google button this time
! if I use the Apple button I get a fresh profile with none of my stuff, my old account has my orders
> All my orders disappeared after Google login
> Empty account when signing in with Apple
< Two accounts? history missing

# Authenticator app codes are rejected
- On your phone turn on automatic date and time (codes depend on the clock being exact to the second).
- In Google Authenticator open the menu > Settings > "Time correction for codes" > "Sync now"; in other apps check the device clock.
- Make sure you are reading the "Harbourfield" entry and not an older entry from a previous setup; delete stale entries.
- Type the code before it refreshes; if it is about to expire, wait for the next one.
- If still rejected, sign in with a backup code and re-enrol the authenticator under Account > Security.
? the code from my authenticator app says invalid every single time
? {Google Authenticator|Authy|Microsoft Authenticator} codes don't work for Harbourfield any more, other sites are fine
? "invalid verification code" even though I type exactly the 6 numbers the app shows
! I enter the 6 digit number from the auth app and it's always rejected
> Authenticator code invalid
> 2-step code not accepted
< TOTP code rejected

# Lost the phone that has my authenticator app
- On the code screen choose "Use a backup code" and enter one of the 10 codes you saved when you set up two-step verification.
- If you have no backup codes, choose "I can't use any of these" to start account recovery.
- Answer the recovery form with the e-mail, last order number and last four digits of the saved card.
- Recovery is reviewed within 24 hours; you receive an e-mail with a link to set up two-step verification again.
- After you are in, go to Account > Security > Backup codes and generate and store a new set.
? I lost my phone and the authenticator was on it, now I can't get past the code screen
? my phone was stolen and the 2 step code app was on it. how do I get into my account
? got a new {phone} and didn't transfer the authenticator, now I can't sign in
! old phone broke, authenticator codes are gone with it, I am stuck at the verification step
> Lost phone with 2FA
> New phone - authenticator gone
< Can't get past verification, phone stolen

# Password reset e-mail never arrives
- Check the spam, junk and "Promotions"/"Updates" folders for a message from no-reply@harbourfield.example.
- Make sure you typed the address you signed up with; try common variants (old work address, googlemail vs gmail).
- Wait 10 minutes before requesting again; each new request invalidates the previous link.
- Add no-reply@harbourfield.example to your contacts or safe senders, then request the reset once more.
- If your mailbox is full or your provider blocks us, use "Reset by SMS" on the same screen.
? I clicked forgot password {5 times|a dozen times|again and again} and no email ever comes
? the password reset e-mail never shows up in my inbox, not in spam either
? reset link e-mail not received. my email is on outlook if that matters
! I asked for the reset mail yesterday and again today, nothing has arrived
> Reset email not arriving
> No password reset e-mail
< Never get the reset mail

# Change the e-mail address on the account (verification link expired)
- Go to Account > Profile > E-mail address and tap "Change".
- Enter your current password and the new address, then tap "Send verification".
- Open the verification e-mail on the same device within 24 hours; older links show "Link expired".
- If the link expired, return to Account > Profile and tap "Resend verification" rather than starting again.
- Until verified, receipts keep going to the old address; after verification the old address gets a notice.
? I want to change my e-mail because I don't use the old one any more but the confirmation link says expired
? trying to update the email on my account, the verify link in the mail doesn't work
? {Link expired|This link is no longer valid} when I click to confirm my new email address
! new address never gets confirmed, clicking the link says it's too old
> Change email address
> Email verification link expired
< Update my e-mail on account

# Signed out constantly / "Session expired" loop
- Check the date, time and time zone on the device are set automatically.
- In the browser clear cookies for harbourfield.example only (Settings > Privacy > Cookies > search "harbourfield").
- Allow third-party cookies for harbourfield.example or turn off "Block all cookies" / strict tracking protection for our site.
- Disable VPN or browser extensions that rotate IP addresses while signed in.
- Sign in again and tick "Keep me signed in" on trusted devices.
? it keeps logging me out every {few minutes|couple of clicks}, says session expired
? I sign in, click on my orders and it throws me back to the login page, endless loop
? "Your session has expired, please sign in again" - every time, on {Chrome|Safari|Firefox|Edge}
! website won't keep me logged in, after one page it asks for the password again
> Session expired loop
> Keeps logging me out
< Can't stay signed in

# Merge two Harbourfield accounts
- Decide which account to keep (usually the one with the active subscription).
- Sign in to the account you want to close and go to Account > Help > "Merge accounts".
- Enter the e-mail of the account you keep and confirm the code sent to that address.
- Orders, addresses and store credit move within 48 hours; subscriptions cannot move and must be cancelled first.
- The closed account's e-mail becomes free and can be added as a secondary address.
? I have two accounts with two emails and want everything in one
? accidentally made a second account at checkout, my orders are split between them
? can you {combine|merge|join} my old account and my new one? different e-mail addresses
! half my purchases are in one login and half in another, please put them together
> Merge two accounts
> Duplicate account, want one
< Join my accounts

# Account suspended: identity verification required
- Open the e-mail "Action needed: verify your identity" or go to Account > Verification.
- Upload a photo of a passport, national ID card or driving licence (all four corners visible, no glare).
- Take the selfie in good light without glasses or a hat when the app asks.
- Make sure the name on the account matches the document exactly (update Account > Profile first if not).
- Verification normally completes within 2 hours; you get an e-mail and the account is reactivated.
? my account got suspended and it asks me to verify my identity, I uploaded my id but still suspended
? it says "account on hold - verification required" and I can't order anything
? why is my account restricted?? it wants a selfie and passport
! I was told my account is paused until I prove who I am, the ID upload keeps failing
> Account suspended
> Identity verification stuck
< Account on hold, verify ID

# Password reset link says "invalid or expired"
- Reset links work once and for 30 minutes; request a new one from "Forgot password?".
- Open only the newest e-mail: earlier links stop working as soon as a new one is sent.
- Copy the whole link into the browser if your e-mail app opens it in a built-in viewer that cuts it off.
- Some work mailboxes "pre-click" links for security; open the link on your phone's mail app instead.
- Set the new password straight away without leaving the page open for long.
? the reset password link says invalid or expired the moment I click it
? I get the reset e-mail but the link is broken - "This link has expired"
? clicked the link within a minute and it's already expired?? my work email
! reset mail arrives fine but when I open the link it tells me it's not valid any more
> Reset link expired
> Password reset link invalid
< Link says expired immediately

# Company SSO sign-in fails with "SSO-112 user not assigned"
- Ask your organisation's IT administrator to assign you to the Harbourfield application in their identity provider.
- Sign out of all work accounts in the browser, then open harbourfield.example/sso and type your work e-mail.
- Make sure you use your work address, not a personal one, on the SSO page.
- If IT has just added you, wait 15 minutes for the change to reach us, then try in a private window.
- Administrators can check Admin > Single sign-on > Test connection to confirm the setup.
? sso login fails with "SSO-112 user not assigned", colleagues can log in fine
? when I log in with my {company|school|work} Microsoft account it says I'm not assigned to the application
? single sign on error for my work account, says contact your administrator
! our organisation login gives SSO-112 for me only
> SSO-112 error
> Work login not working
< Can't sign in with company account

# New device sign-in needs approval
- Sign in on the new device; we send an e-mail "Was this you?" to the account address.
- Open that e-mail and tap "Yes, it was me" within 15 minutes, ideally on a device you already trust.
- Return to the new device and tap "I approved it" to continue.
- If the e-mail does not arrive, check spam and confirm the account address under Account > Profile on the old device.
- Manage trusted devices in Account > Security > Devices and remove ones you no longer use.
? I bought a new {phone|laptop|tablet} and I can't sign in, it says waiting for approval
? it asks me to approve the login from another device but I don't have my old one anymore
? login on my new {phone} stuck at "confirm it's you"
! new computer won't let me in until I confirm something, but I don't know where
> New device can't log in
> Login approval needed
< Confirm it's you screen

# "This e-mail is already in use" when registering
- Use "Forgot password?" with that e-mail; you probably made an account earlier (e.g. as a guest checkout that became an account).
- If the reset e-mail arrives, set a password and sign in; your earlier orders will be there.
- If you signed up through Google or Apple before, use that button instead.
- If you believe someone else registered your address, reset the password anyway and then review Account > Security.
? I try to create an account and it says email already in use, but I never registered
? can't register - "an account with this email already exists"
? sign up fails, email taken?? it's my own email
! registration form says my address is already registered, I don't remember doing that
> Email already in use
> Can't create account
< Sign up says address exists

@ billing | Billing & invoices | Charges, invoices, subscriptions, refunds of fees, payment methods for Harbourfield consumer and business accounts.

# Charged twice for the same month (duplicate pending payment)
- Open Billing > Payments and compare with your bank app: one of the two is usually a pending authorisation, not a charge.
- Pending duplicates drop off automatically within 3-5 business days without any action.
- If both show "Posted" on your statement, note the dates and amounts and send us a screenshot via Billing > Report a problem.
- We refund a confirmed double charge within 1 business day; the bank takes 3-5 days to show it.
? I was charged twice for {this month|my subscription|the same invoice}, {amount} taken two times
? double charge on my card, same amount, same day
? my bank shows two payments to Harbourfield, I only have one plan!!
? you took the money twice, I want one back please
? I see {amount} twice on my credit card for one invoice
? two debits from harbourfield on the same day, please check
! two identical charges on my statement from you this month
> Charged twice
> Double payment
> Duplicate charge on card
< Billed two times

# Download an invoice or VAT invoice
- Sign in on the web and go to Billing > Invoices.
- Select the month and click "Download PDF"; for a VAT invoice choose "VAT invoice" in the format dropdown.
- To add your company name and VAT number, go to Billing > Billing details, fill them in, then click "Regenerate" on the invoice.
- Invoices are kept for 7 years; use the year filter for older ones.
? I need an invoice for {my accountant|my tax return|work expenses} but I can't find where to download it
? where do I get a VAT invoice? the receipt email isn't enough for my company
? need PDF invoices for the last {n} months
! my bookkeeper is asking for proper invoices, the app only shows amounts
> Need invoice
> VAT invoice download
< Where are my invoices

# Card declined on subscription renewal
- Go to Billing > Payment methods and check the card's expiry date.
- Tap "Add card", enter the new card and set it as default; remove the expired one.
- Tap "Retry payment" on the banner in Billing; service continues immediately when it succeeds.
- If your bank declines again, approve the payment in your banking app (3-D Secure) or ask the bank to allow recurring payments to Harbourfield.
- Service is paused only after 14 days of failed payments.
? renewal payment failed, card declined, but my card works everywhere else
? got an email saying my payment didn't go through and service will be suspended
? my card expired and now the subscription says payment failed
! you tried to charge me and it says declined, the card is new
> Payment failed
> Card declined on renewal
< Subscription payment declined

# Price of my plan went up
- Check the e-mail "Changes to your plan price" sent 30 days before the change; it lists the old and new price.
- Go to Billing > Plan to see your current price and the date it changed.
- To keep costs down, tap "Change plan" and compare plans; downgrades apply from the next billing date.
- If you have not received 30 days' notice, reply to the notice via Billing > Report a problem and we will apply the old price for one more month.
? why is my bill higher this month? nobody told me the price changed
? my subscription went from {amount} to more, without warning
? price increase?? I signed up for a fixed price
! the amount you charge me monthly is suddenly higher
> Bill went up
> Price increase
< Why higher charge

# Still charged after cancelling a subscription
- Go to Billing > Plan and check the status: "Cancels on <date>" means the last paid period is still running.
- A charge dated before the cancellation date is for the final period and is expected.
- If you were charged after the "Cancelled" date, open Billing > Payments, select the charge and tap "Request refund".
- Subscriptions bought through the App Store or Google Play must also be cancelled in that store's subscriptions page.
- Refunds for charges after cancellation are issued within 2 business days.
? I cancelled {last month|weeks ago} but you still charged me again
? subscription cancelled and money was still taken from my account
? why am I still paying, I cancelled in the app
! took payment even though my plan is cancelled, please refund
> Charged after cancelling
> Cancelled but still billed
< Still paying after cancellation

# Direct debit mandate failed
- Go to Billing > Payment methods > Direct debit and check the account holder name, sort code/IBAN and account number.
- Make sure the account allows direct debits (some savings and business accounts don't).
- Tap "Set up again" and confirm the new mandate in the e-mail we send.
- The next collection is taken at least 3 working days after the mandate is active; use "Pay now by card" for an overdue amount.
? direct debit failed and I got a fee warning
? your email says the mandate was cancelled by my bank, I didn't do anything
? debit instruction rejected, IBAN is correct I checked
! bank returned the direct debit, not sure why
> Direct debit failed
> Mandate cancelled
< DD rejected

# Refund not showing on my card statement
- Open Billing > Payments and find the refund; its status should be "Refunded" with a date.
- Card refunds take 5-10 business days to appear; the bank holds them as "pending" first.
- Tap the refund to see the reference number (ARN) and give it to your bank if the time has passed.
- Refunds always go to the original card; if that card was cancelled, the bank credits the replacement card.
? you said I was refunded but nothing on my bank account after {n} days
? refund confirmed by email a week ago, still no money
? where is my refund? your app says refunded but my bank says nothing
! money not back on my card though the refund was approved
> Refund not received
> Where is my refund
< Refunded but no money

# Promo code not applied to my bill
- Go to Billing > Promotions and check whether the code is listed and its status.
- Codes must be entered before the first payment of a new plan; they can't be added to past invoices.
- Check the code's conditions (new customers only, annual plans only, expiry date) in the promotion e-mail.
- If the code was accepted but the discount is missing, we credit the difference to your next bill.
? the discount code didn't apply, I paid full price
? I entered {WELCOME20|SPRING15|HF-FRIEND} and it says invalid
? promo code accepted at signup but my first bill has no discount
! offer code from your email doesn't take anything off
> Promo code not working
> Discount not applied
< Voucher not applied to bill

# Change my billing date
- Go to Billing > Plan > Billing date.
- Choose a day between the 1st and the 28th.
- Confirm; the next bill is pro-rated for the days between the old and new date.
- The date can be changed once every 3 months.
? can I move my payment date to after payday? the 1st is bad for me
? I want to be billed on the {15th|25th|28th} instead
? how to change the day you take the money
! is it possible to pay later in the month
> Change billing date
> Move payment day
< Different billing day

# Unknown "HRBFLD*" charge on my statement
- Look for the descriptor: HRBFLD*SUB is a subscription, HRBFLD*SHOP an order, HRBFLD*FIELDS a farm supplies order.
- Check Billing > Payments and Orders in every account in your household; family members often share a card.
- Match the amount and date; the order number is in the statement details in many banking apps.
- If nothing matches, go to Account > Security and change your password, then report the charge via Billing > Report a problem.
? there's a charge from {HRBFLD*SUB|HRBFLD*SHOP|HRBFLD} on my card and I don't know what it is
? what is this harbourfield payment of {amount}?
? I don't recognise a transaction on my statement with your name
! strange charge with HRBFLD in the name, I didn't order anything
> Unknown charge
> Don't recognise payment
< What is HRBFLD

# Pro-rata charge after upgrading my plan
- Go to Billing > Invoices and open the invoice marked "Plan change".
- The line "Remaining time on <new plan>" charges the difference for the days left in this period.
- The line "Unused time on <old plan>" is a credit against that amount.
- From the next billing date you pay only the new plan's normal price.
? I upgraded and got a weird charge in between, not the normal amount
? extra charge after changing plan, what is it for?
? odd amount taken when I switched plan mid-month
! after upgrading I got billed a random amount
> Strange charge after upgrade
> Pro rata charge
< Odd amount after plan change

# Service restricted because of an overdue balance
- Go to Billing > Balance to see the overdue amount and the invoices it covers.
- Tap "Pay now" and pay by card; restrictions lift within 15 minutes of payment.
- If you can't pay in full, choose "Set up a payment plan" to split the balance over up to 3 months.
- A late fee is added only once per overdue invoice; ask for it to be waived via Billing > Report a problem if it was your first late payment.
? my service has been restricted, it says overdue balance
? I got a late payment fee, I didn't know the payment failed
? you blocked my account because of an unpaid bill, I want to pay now
! account limited due to money owed, how do I fix it
> Overdue balance
> Late fee
< Restricted for unpaid bill

# Switch from monthly to annual billing
- Go to Billing > Plan and tap "Switch to annual".
- Review the annual price and the credit for the unused part of the current month.
- Confirm; the annual period starts today and you get one invoice for the year.
- You can switch back to monthly at renewal; mid-year refunds are pro-rated.
? can I pay for the whole year at once? it's cheaper right?
? I want annual billing instead of monthly
? how to change to yearly subscription
! want to move my plan to a yearly payment
> Switch to annual
> Yearly plan
< Pay annually instead

# Wrong name, address or VAT number on invoices
- Go to Billing > Billing details and correct the company name, address and VAT number.
- Save; new invoices use the corrected details.
- For invoices already issued, open each in Billing > Invoices and click "Reissue with current details".
- Reissued invoices get a new number ending in "-R" and the original is marked as replaced.
? my invoice has the wrong company name, can you fix it
? VAT number missing on my invoices, my accountant needs it
? invoice shows my old address
! need the invoices corrected, details on them are out of date
> Wrong details on invoice
> Invoice needs VAT number
< Correct invoice address

# Paid by bank transfer but balance not updated
- Bank transfers take 1-3 working days to reach us.
- Check that the payment reference was your customer number (starts with HC-); without it we can't match the payment.
- If the reference was missing, go to Billing > Balance > "I paid by transfer" and upload the bank confirmation.
- We match the payment within 1 working day and remove any late fee.
? I paid by bank transfer {n} days ago and my account still shows as unpaid
? transferred the money but your system says balance outstanding
? forgot to put the reference in the bank transfer, what now
! sent the payment through my bank, you didn't register it
> Bank transfer not showing
> Paid but still overdue
< Transfer not matched

@ delivery | Deliveries & tracking | Orders on their way to consumers: tracking, couriers, missed or lost parcels, delivery changes.

# Tracking stuck on "Label created"
- "Label created" means the parcel is packed but the courier has not scanned it yet.
- Wait 48 hours from dispatch; the first scan often happens at the courier's hub overnight.
- Open Orders > {order} > Track to see the courier name and use their site with the tracking number for more detail.
- If there's still no scan after 3 working days, tap "Report a problem" > "No tracking updates" and we open a trace with the courier.
? tracking hasn't moved for days, it only says label created
? my order {order} shows "label created" since monday, is it even sent?
? no tracking updates, the parcel seems stuck
? tracking page is frozen on the first step
? order {order} shipped {n} days ago according to the email but tracking shows nothing happened
? the tracking link just says "shipment information received", nothing since
? courier tracking says they are still waiting for the parcel but your app says dispatched
! the courier website says awaiting parcel and nothing else
> Tracking not updating
> Stuck on label created
< Order not moving

# Parcel marked delivered but not received
- Check Orders > {order} > Track for the delivery photo or "Left with" note (neighbour, porch, locker).
- Look around the property, ask neighbours and check with your building's reception or mailroom.
- Wait until the end of the next day: couriers sometimes mark parcels delivered early.
- If still missing, tap "Report a problem" > "Marked delivered, not received"; we open an investigation and send a replacement or refund within 5 working days.
? it says delivered but there's nothing here
? the tracking says my parcel was delivered {yesterday|today at noon} and I never got it
? app says delivered, I was home all day and nobody came
? parcel {order} marked as delivered, not in my mailbox, not with neighbours
? the app says "left in a safe place" but there is no safe place here and no parcel
? got the delivered notification with a photo of a door that isn't mine
? order {order} says delivered to reception, our reception has nothing
! courier claims they dropped it off but I have nothing
> Delivered but not received
> Parcel missing
> Says delivered - it's not
< Never got my package

# Missed delivery - rebook or choose a pickup point
- Find the card left by the courier or the "We missed you" e-mail; it has a reference.
- Open Orders > {order} > Track > "Change delivery" and choose a new day or a nearby pickup point.
- The courier tries twice more; after the third attempt the parcel goes to the pickup point for 7 days.
- Bring the reference and photo ID when collecting from the pickup point.
? missed the courier, card says they'll try again but I'm not home tomorrow either
? I wasn't in when they came, how do I get my parcel
? they left a note saying we missed you. can I pick it up myself?
! I was out when the delivery came, want to rearrange
> Missed delivery
> Rebook delivery
< Not home for courier

# Change the delivery address after the order shipped
- Before dispatch: go to Orders > {order} > "Edit address" and save the new one.
- After dispatch the address can only be changed by the courier: open Track > "Change delivery" and choose "Deliver to another address" if offered.
- If the courier does not offer it, choose "Deliver to pickup point" near the new address instead.
- Parcels can't be redirected to another country once shipped.
? I put the wrong address, the order is already shipped, can you change it?
? moving house this week and my order is going to the old address
? need to send my parcel to my work instead of home
! the delivery address is old, it's already on the way
> Change delivery address
> Wrong address on order
< Redirect parcel

# Parcel locker code expired
- Lockers keep parcels for 72 hours; after that they are moved to the nearest pickup point.
- Check the e-mail/SMS "Your parcel has moved" for the pickup point address.
- If no message came, open Orders > {order} > Track to see the new location.
- If the parcel is returned to us, we refund automatically or you can re-order from Orders > "Buy again".
? locker code doesn't work anymore, says expired
? I couldn't get to the parcel locker in time and now the code doesn't open it
? the code for the locker is invalid. parcel {order}
! missed the locker pickup window, code no longer valid
> Locker code expired
> Can't open parcel locker
< Locker pickup missed

# Parcel arrived damaged
- Take photos of the box, the packaging and the damaged item before throwing anything away.
- Go to Orders > {order} > "Report a problem" > "Arrived damaged" within 14 days and upload the photos.
- Choose replacement or refund; you don't need to send the item back for items under {amount}.
- For larger items we arrange a collection and send the replacement at the same time.
? the box was crushed and the item inside is {broken|cracked|dented}
? my order arrived damaged, glass was broken
? package came smashed, what do I do?
! the thing I ordered came broken in a squashed box
> Damaged item
> Arrived broken
< Crushed parcel

# Only part of my order arrived
- Open Orders > {order} and check each item's status: items can ship separately from different warehouses.
- Each shipment has its own tracking link under "Shipments".
- If an item shows "Delivered" but was not in the box, tap "Report a problem" > "Item missing from parcel".
- We refund or resend the missing item within 2 working days.
? I only got {n} of the items I ordered
? half of my order is missing
? parcel came but one thing wasn't in it
! received the box but an item is not there
> Items missing
> Part of order missing
< Incomplete delivery

# Received the wrong item
- Compare the item with Orders > {order}; check colour, size and model number on the label.
- Tap "Report a problem" > "Wrong item received" and upload a photo of the item and its label.
- We send the correct item right away and a free return label for the wrong one.
- Return the wrong item within 14 days using the label; you are not charged for either.
? you sent me the wrong {size|colour|model}
? got something completely different from what I ordered
? wrong product in my parcel, this is not what I bought
! package had an item that's not mine
> Wrong item
> Sent wrong product
< Not what I ordered

# No delivery slots available
- Slots for large items open 10 days ahead; check again in the morning when new slots are released.
- Change the postcode in the slot picker to your exact address (a wrong postcode shows no slots).
- Tick "Any time of day" to see all slots.
- If there are no slots in 10 days, choose "Contact me to arrange" and our delivery team calls within 1 working day.
? can't choose a delivery time, everything is greyed out
? no delivery slots available for my {fridge|sofa|washing machine}
? the delivery calendar shows nothing for two weeks
! I can't book any time for the delivery
> No delivery slots
> Can't pick delivery date
< Delivery calendar empty

# Courier needs a signature but I'm not home
- Open Orders > {order} > Track > "Change delivery" and choose "Leave in a safe place" where allowed.
- Describe the place (e.g. "behind the side gate") in the instructions field.
- Items over {amount} and phones always need a signature; choose a neighbour or pickup point for these.
- Changes must be made before 7am on the delivery day.
? courier wants a signature and I'm at work all day
? can they leave the parcel without me signing?
? I can't be home to sign for it, what are my options
! signature required delivery but I work nights
> Signature required
> Leave parcel without signature
< Can't sign for delivery

# Order stuck in "Processing"
- Orders stay in "Processing" while the payment is verified; this usually takes under 2 hours.
- Check your e-mail for "We need to confirm your payment" and answer it.
- Check Orders > {order} for a note like "Awaiting stock" which means the item ships when it arrives.
- If "Processing" lasts more than 2 working days without a note, cancel and re-order or ask us to push it through.
? my order has been processing for {n} days
? order status won't change from processing
? nothing has happened with my order since I paid
! it's been ages and the order is still processing
> Order stuck processing
> Order not shipped
< Still processing

# Customs or import fee to pay on delivery
- Orders shipped from outside your country may carry import VAT and duty.
- The courier sends a payment request by SMS or e-mail; check the sender is the courier named in Track.
- Pay the fee via the courier's link to release the parcel; keep the receipt.
- If the product page said "duties included", send us the receipt via Orders > "Report a problem" and we refund the fee.
? the courier wants me to pay customs fees before delivering
? I got a text asking for import tax, is it real?
? why do I have to pay duty? nobody said
! courier says there's a charge to pay for the package from abroad
> Customs fee
> Import duty on parcel
< Pay to receive parcel?

# Postcode or house number typo on an order
- If the order has not shipped, go to Orders > {order} > "Edit address" and fix it.
- If it shipped, open Track > "Change delivery" and add the correct house number in the driver notes.
- If the courier returns the parcel, we refund or resend it free once it reaches us.
? I typed the wrong postcode, will it still arrive?
? made a mistake in the house number when ordering
? my address had a typo, order {order}
! entered my address slightly wrong
> Typo in address
> Wrong postcode
< Address mistake

# Courier says "address not found"
- Add your flat number, building name and entrance details in Account > Addresses.
- In Orders > {order} > Track > "Change delivery" add driver notes (gate code, which door, landmarks).
- Add a phone number to the address so the driver can call.
- If the parcel is coming back to us, choose "Deliver to pickup point" instead.
? courier says they couldn't find my address
? delivery failed: address not found. I live here for 10 years!
? driver couldn't find the building, flat {n}
! parcel came back because they said my address doesn't exist
> Address not found
> Driver can't find house
< Failed delivery, address

# Estimated delivery date keeps changing (backorder)
- Open Orders > {order}; "Backordered" means the item was out of stock when you ordered.
- The date shown is the supplier's latest estimate and may move.
- You can keep the order, switch to a similar in-stock item from "Suggested alternatives", or cancel for a full refund.
- You are charged only when the item ships.
? the delivery date keeps getting pushed back
? estimated delivery changed for the third time, what's going on
? my order was supposed to come last week now it says next month
! date for delivery moves every time I check
> Delivery date changed
> Backorder delay
< Delivery keeps moving

@ returns | Returns & refunds | Returning products, exchanges, warranty repairs and refunds for goods bought from Harbourfield.

# Start a return and get a return label
- Go to Orders > {order} and tap "Return items" (available for 30 days after delivery).
- Choose the item(s) and a reason; choose "Refund" or "Exchange".
- Pick drop-off (free QR code) or collection.
- Pack the item with all accessories, attach the label or keep the QR code on your phone for the drop-off point.
? how do I return something? I don't see a return button
? I want to send back my order, need a return label
? where do I get the returns label, the parcel had none
? want to return the {headphones|jacket|speaker|tablet case} I bought
? I don't see how to send back order {order}, is there a form?
? I changed my mind about the {jacket|blender|headphones}, how do I return it for a refund?
! need to send an item back for a refund, how?
> Return an item
> Need return label
> How to return
< Send back order

# Return QR code won't scan at the drop-off point
- Turn the screen brightness to maximum and open the QR code from Orders > {order} > Return > "Show QR code" (not a screenshot).
- Make sure you are at the drop-off company named on the return (QR codes are company-specific).
- If it still fails, tap "Print label instead" and print it at home or at the drop-off point.
- Keep the drop-off receipt until the refund arrives.
? the post office couldn't scan my return QR code
? QR code for return doesn't work at the shop
? drop off point says the code is invalid
! return code won't read at the counter
> QR code not scanning
> Return code invalid
< Drop-off won't accept QR

# Refund not issued after the return was delivered
- Returns are checked within 5 working days of arriving at the warehouse.
- Check Orders > {order} > Return status: "Received" then "Inspected" then "Refunded".
- If status is still "In transit" after 7 days, send the drop-off receipt via "Report a problem".
- Once "Refunded", allow 5-10 business days for the bank.
? you received my return last week but no refund yet
? tracking says the return was delivered to you, where's my money?
? still waiting for my refund for returned item, order {order}
! returned parcel arrived at your warehouse ages ago, no refund
> Refund for return missing
> Return received, no refund
< Still waiting for return money

# Return window has passed but the item is faulty
- The 30-day return window covers change of mind; faults are covered by the 2-year warranty.
- Go to Orders > {order} > "Report a fault" (not "Return items").
- Describe the fault and upload a photo or short video.
- We offer repair, replacement or a refund depending on the item's age.
? it's been more than 30 days but the item stopped working
? return button is gone, item broke after {n} weeks
? too late to return? it's faulty
! the product failed after a couple of months and I can't return it any more
> Faulty after 30 days
> Return window closed
< Item broken after return period

# Exchange for a different size or colour
- Go to Orders > {order} > "Return items" and choose "Exchange".
- Pick the new size/colour; if it is in stock it is reserved for you.
- Drop off the original item with the QR code; the new one ships as soon as the return is scanned.
- If the new item costs more you pay the difference; if less, we refund the difference.
? I need a bigger size, can I swap it?
? want to exchange for another colour
? wrong size, can you send a {smaller|larger} one?
! it doesn't fit, I'd like a different size instead of a refund
> Exchange size
> Swap colour
< Change to another size

# Return a gift without the order details
- Ask the person who gave the gift for the order number, or use the gift receipt code on the packing slip.
- Go to harbourfield.example/gift-return and enter the gift receipt code and your e-mail.
- Gift returns are refunded as store credit to your account, not to the buyer's card.
- The buyer is not told about the return.
? I got a present from your shop and want to return it, I don't have the receipt
? how to return a gift? I didn't buy it
? gift return - don't want to ask my aunt for the order number
! someone bought me this as a present and it's not right
> Return a gift
> Gift without receipt
< Gift return

# Returning part of a bundle
- Bundles are priced together; go to Orders > {order} > "Return items" and select the bundle item(s).
- The refund for one item is its share of the bundle price, shown before you confirm.
- Free gifts included with the bundle must be returned if you return the whole bundle.
? I want to return just one thing from the bundle
? can I return the {speaker|case|charger} but keep the rest of the set?
? bundle return refund seems low
! only want to send back part of the bundle I bought
> Return part of bundle
> Bundle refund
< One item from set

# Refund went to store credit instead of my card
- Check Orders > {order} > Return: "Refund method" shows where it went.
- Store credit is used when the return was a gift return or when chosen during the return.
- Go to Account > Store credit > "Transfer to card" within 30 days to move it back to the original card.
? my refund went as credit on the account, I want it on my card
? I don't want store credit, I want money back
? why did I get a voucher instead of a refund
! the refund is sitting on my account as credit
> Refund as store credit
> Want refund to card
< Credit instead of money

# Book a collection for a large item return
- Go to Orders > {order} > "Return items" and choose "Collection".
- Pick a collection day; large items (TVs, appliances) are collected by a two-person team.
- Keep the item unplugged and ready at the entrance; original packaging is not required.
- The driver scans the item and you get an e-mail confirming collection.
? how do I return a {TV|fridge|sofa}? it doesn't fit in any box
? the thing is too big to take to the post office
? need someone to pick up the return
! want to return something huge, can you collect it?
> Collection for return
> Return large item
< Pick up my return

# Faulty device under warranty - repair request
- Go to Orders > {order} > "Report a fault" or Devices > your device > "Warranty repair".
- Run the troubleshooting questions; if they don't fix it, choose "Send for repair".
- Back up the device and remove any screen lock or account, then print the repair label.
- Repairs take 7-10 working days; you can follow them under Devices > Repairs.
? my {tablet} is broken and still under warranty
? device stopped working, I think it's a hardware fault, want a repair
? warranty repair - how do I send it in?
! the device has a fault, it's less than a year old
> Warranty repair
> Faulty device
< Send device for repair

# Return rejected because of damage or missing parts
- Read the e-mail "Your return could not be accepted" for the reason and the photos from the warehouse.
- If parts were missing, send them to the address in the e-mail quoting the return number; we re-inspect.
- If you disagree with the damage assessment, reply within 14 days with photos you took before sending.
- Rejected items are sent back to you free of charge if not disputed within 14 days.
? you rejected my return and say it's damaged, it wasn't
? return refused because something was missing
? why was my return declined?
! the warehouse didn't accept my return, saying it's not complete
> Return rejected
> Return declined
< Refused return

# Return parcel lost on the way back
- Find the drop-off receipt or the QR code confirmation; it proves the courier took the parcel.
- Go to Orders > {order} > Return > "Report lost return" and upload the receipt.
- We open a trace with the courier and refund you within 5 working days regardless of the outcome.
? my return got lost, tracking stopped
? I sent the item back 3 weeks ago and you still don't have it
? return parcel never arrived at the warehouse
! the return seems to have disappeared in transit
> Return lost
> Return never arrived
< Lost return parcel

# Cancel an order before it ships
- Go to Orders > {order} and tap "Cancel order" (available while the status is "Processing").
- Choose a reason and confirm; the payment authorisation is released within 3 business days.
- If the button is gone the order has shipped: refuse the delivery or return it for free instead.
? I want to cancel my order, I just placed it
? ordered by mistake, please cancel
? cancel order {order} please, I found it cheaper
! made an order I don't need any more, not shipped yet
> Cancel order
> Ordered by mistake
< Cancel before shipping

# Opened item not eligible for return
- Some items can't be returned once opened: earphones, personal care, software with a redeemed code.
- Faulty items are still covered by the warranty: go to Orders > {order} > "Report a fault".
- Unopened items in their seal can be returned within 30 days as normal.
? return not allowed because I opened the earbuds?
? it says this item is not returnable
? why can't I return it, I only opened the box
! the return option says non-returnable after opening
> Non-returnable item
> Can't return opened item
< Return not allowed

# Refund was less than I paid
- Open Orders > {order} > Return > "Refund breakdown".
- Original delivery fees are refunded only when the whole order is returned or the item was faulty.
- Promotions are spread across items, so a single item's refund may be lower than its shelf price.
- If the breakdown doesn't explain it, tap "Question about refund".
? my refund is less than what I paid
? you didn't refund the shipping cost
? only got part of the money back
! refund amount is wrong, it's lower than the price
> Refund too low
> Partial refund
< Not full refund
"""
