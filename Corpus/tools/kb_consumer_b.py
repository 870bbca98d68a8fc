# Hand-written knowledge-base content: consumer categories (part B). Format: see kb_consumer_a.py
DATA = r"""
@ mobile-app | Mobile app | The Harbourfield app for iOS and Android: crashes, notifications, updates, permissions and sync.

# App crashes on launch after an update
- Make sure the app is on the latest version in the App Store or Google Play.
- Restart the phone.
- Android: Settings > Apps > Harbourfield > Storage > "Clear cache" (not "Clear data"); iPhone: skip to the next step.
- If it still closes, uninstall and reinstall the app; your data is stored in your account.
- Still crashing: in the app's start screen hold the logo for 5 seconds to send a crash report with your e-mail.
? the app {crashes|closes|shuts down} as soon as I open it
? since the last update the app just flashes and goes back to the home screen
? app keeps crashing on my {phone}
? Harbourfield app won't open at all, just closes by itself
! every time I start the app it dies straight away
> App crashing
> App won't open
> Crashes after update
< App closes immediately

# Push notifications not arriving
- In the app go to Profile > Notifications and make sure the types you want are switched on.
- iPhone: Settings > Notifications > Harbourfield > Allow Notifications; turn off Focus modes that hide it.
- Android: Settings > Apps > Harbourfield > Notifications on, and Battery > "Unrestricted" so the app isn't put to sleep.
- Sign out and back in to register the phone for notifications again.
? I don't get any notifications from the app anymore
? no push alerts for my deliveries, I only see them when I open the app
? notifications stopped working on my {phone}
! I'm missing all the app alerts, nothing pops up
> No notifications
> Push notifications not working
< App alerts missing

# App stuck on the loading spinner
- Check that other apps can load data; switch between Wi-Fi and mobile data.
- Turn off any VPN, ad-blocker or private DNS that may block harbourfield.example.
- Update the phone's operating system; the app needs iOS 15 / Android 9 or newer.
- Force-close the app and open it again.
? app just shows the spinning circle forever
? it's loading, loading, loading and nothing appears
? white screen with spinner, never gets to my account
! the app never finishes loading
> App stuck loading
> Endless spinner
< App won't load

# Face ID / fingerprint sign-in stopped working
- In the app go to Profile > Security and turn "Sign in with Face ID/fingerprint" off, then on again.
- Enter your password when asked; this re-registers the biometric key.
- If you added a new fingerprint or reset Face ID on the phone, this step is always required.
- Check the phone's settings allow Harbourfield to use Face ID (iPhone: Settings > Harbourfield > Face ID).
? face id doesn't work for the app any more, it always asks for password
? fingerprint login stopped working after I changed my fingerprints
? the app forgot my Face ID
! biometric login broken, I have to type my password every time
> Face ID not working
> Fingerprint login broken
< Biometric sign in stopped

# "This version is no longer supported"
- Open the App Store or Google Play, search "Harbourfield" and tap "Update".
- If no update is offered, your phone's operating system is too old; check Settings > About for the version.
- On older phones use harbourfield.example in the browser; it has the same features.
? app says my version is no longer supported and won't let me in
? it wants me to update but there is no update in the store
? "please update to continue" but I have the latest version?
! message that the app version is too old, can't update
> Version not supported
> Forced update
< App says update required

# Text too small or unreadable in the app
- The app follows your phone's text size: iPhone Settings > Display & Brightness > Text Size; Android Settings > Display > Font size.
- In the app go to Profile > Appearance and choose Light, Dark or "Same as device".
- Turn on "Bold text" or "High contrast" in the phone's accessibility settings if text is faint.
? the text in the app is tiny, I can't read it
? in dark mode some text is invisible, black on dark grey
? can I make the font bigger in the app
! words in the app are hard to read
> Text too small
> Dark mode unreadable
< Bigger font in app

# App shows the wrong language
- The app uses the phone's language; check Settings > General > Language (iPhone) or System > Languages (Android).
- iPhone: Settings > Harbourfield > Language lets you choose a different language just for the app.
- Android 13+: Settings > System > Languages > App languages > Harbourfield.
- Restart the app after changing.
? the app is suddenly in {German|French|Spanish|Polish}, I don't speak it
? how do I change the language of the app
? the app shows a language I didn't pick
! app switched language on me
> Wrong language
> Change app language
< App in another language

# Can't upload a photo in the app
- When the app asks, allow access to Photos (or "Selected photos" and pick the one you need).
- If you denied it earlier: iPhone Settings > Harbourfield > Photos; Android Settings > Apps > Harbourfield > Permissions > Photos and videos.
- Photos must be under 15 MB; HEIC photos are converted automatically, but very large panoramas fail.
- Try taking the photo from inside the app with "Take photo".
? can't attach a picture, nothing happens when I tap upload
? the app won't let me add a photo to my return
? upload failed when adding an image
! photo attachment doesn't work in the app
> Can't upload photo
> Attachment failed
< Picture won't upload

# App draining the battery
- Go to Profile > Location and set "Use location" to "Only while using the app".
- Turn off "Live delivery tracking" in Profile > Notifications when you don't need it.
- Android: Settings > Apps > Harbourfield > Battery > "Optimised".
- Update to the latest version; an older version had a background sync bug.
? the app uses {30%|40%|half} of my battery
? battery drains fast since I installed your app
? phone gets hot and battery says Harbourfield is the top user
! your app eats my battery
> Battery drain
> App uses too much battery
< Battery usage high

# Barcode / receipt scanner shows a black screen
- Allow camera access: iPhone Settings > Harbourfield > Camera; Android Settings > Apps > Harbourfield > Permissions > Camera.
- Close other apps that use the camera (video calls, camera app).
- Clean the lens and scan in good light, holding the phone 15-20 cm away.
- Restart the phone if the camera is black in every app.
? scanner in the app just shows black
? the camera doesn't open when I try to scan
? barcode scanning doesn't work, black screen
! scan button opens a black screen
> Scanner black screen
> Camera not working in app
< Can't scan barcode

# App not available in my country's app store
- The app is published in the stores of the countries we serve; your store account's country decides what you see.
- Check the store country (Apple ID > Media & Purchases > Country; Google Play > Settings > General > Account and device preferences > Country).
- If you live in a supported country but your store is set elsewhere, change the store country.
- Otherwise use harbourfield.example in your phone's browser and "Add to Home Screen".
? can't find the app in the store
? the app says not available in your country
? where do I download the app? play store has nothing
! your app doesn't show up when I search the store
> App not in store
> Can't download app
< Not available in my country

# Home-screen widget doesn't update
- Remove the widget and add it again from the widget gallery.
- Open the app once after each update; widgets refresh only after the app has been opened.
- iPhone: turn on Settings > General > Background App Refresh for Harbourfield.
- Android: set the app's battery use to "Unrestricted".
? the widget shows old delivery info
? widget is stuck and doesn't refresh
? my home screen widget says the same thing since yesterday
! widget never updates
> Widget not updating
> Widget stuck
< Widget shows old info

# App logs me out every time I close it
- Make sure the phone has at least 500 MB of free storage; the app cannot save your sign-in when storage is full.
- iPhone: don't use "Offload unused apps" for Harbourfield.
- Android: don't use a cleaner/booster app that wipes app data.
- Sign in and tick "Keep me signed in".
? every time I open the app I have to log in again
? app forgets my login every time
? the app keeps signing me out when I close it
! have to type my details each time I open the app
> App forgets login
> Logged out on restart
< Must sign in every time

# Google Pay / Apple Pay fails in the app
- Check the card in your wallet app is active and verified.
- In the app tap "Pay another way" > card to confirm whether the problem is the wallet or the card.
- Update the wallet app and the phone's software.
- Remove and re-add the card in the wallet if the bank required re-verification.
? Google Pay fails when I try to pay in your app
? Apple Pay says "payment not completed"
? can't pay with my phone wallet in the app
! wallet payment doesn't go through
> Google Pay failing
> Apple Pay not working
< Wallet payment error

# App shows old data or "SYNC-409" error
- Pull down on the screen to refresh.
- Go to Profile > Settings > "Reset local data" (you stay signed in; only the cached copy is cleared).
- Make sure the phone's date and time are set automatically.
- If SYNC-409 returns, sign out and in again.
? app shows {SYNC-409|sync error 409}
? the app shows an old order status, the website shows newer info
? data in the app is out of date
! app doesn't match the website, seems stuck on old info
> SYNC-409
> App out of sync
< Old data in app

@ devices | Devices | Harbourfield hardware: Hub routers, Beacon mesh extenders, Tern Tab tablets, Stream Box, Lumo smart plugs, Buds earphones.

# Hub router light flashing red
- Check the fibre/DSL cable is firmly in the grey port and the power is connected.
- Restart the Hub: hold the power button for 5 seconds, wait 2 minutes, turn it on.
- If the light is still red after 10 minutes, open the Harbourfield app > Devices > {hub} > "Run check".
- If the check says "Provisioning failed", hold the reset pin for 15 seconds and wait for the light to turn white.
- A red light that persists after reset with a good line means a faulty Hub; the app offers a replacement.
? the light on my {hub} is flashing red
? router blinking red and no internet
? red light on the Hub, I already unplugged it
? my hub shows red instead of white
! the box from you is showing a red light
> Red light on router
> Hub flashing red
< Router red blinking

# Beacon mesh extender won't pair with the Hub
- Place the Beacon in the same room as the Hub for the first pairing.
- Press the WPS button on the Hub, then within 2 minutes the button on the Beacon.
- The Beacon light turns solid white when paired; then move it halfway between the Hub and the dead spot.
- If it blinks amber, reset it (hold the pin 10 s) and try again, or add it in the app under Devices > Add Beacon.
? my beacon won't connect to the hub
? mesh extender keeps blinking amber
? can't pair the extender
! the Beacon doesn't join the network
> Beacon won't pair
> Extender not connecting
< Mesh pairing fails

# Tern Tab tablet won't charge
- Use the original USB-C cable and a charger of at least 18 W.
- Check the port for lint; clean it gently with a wooden toothpick.
- Leave it on charge for 30 minutes; a fully empty battery shows nothing at first.
- Hold power + volume down for 15 seconds to force restart while plugged in.
- If it still won't charge, request a warranty repair under Devices.
? my {tablet} won't charge
? tablet is dead, plugged in all night and nothing
? charging icon doesn't appear
! the Tern Tab doesn't take any charge
> Tablet not charging
> Tern Tab won't charge
< Battery won't charge

# Tern Tab stuck on the boot logo
- Hold power + volume down for 15 seconds to force restart.
- If it stops at the logo again, hold power + volume up to open Recovery mode.
- Select "Wipe cache partition" with the volume keys and confirm with power; this keeps your data.
- If still stuck, choose "Factory reset" (erases the tablet) and sign in again after.
? my tablet is stuck on the Tern logo
? {tablet} keeps rebooting and never starts
? tablet frozen on start screen after update
! it only shows the logo and never gets to the home screen
> Stuck on logo
> Tablet won't boot
< Boot loop

# Stream Box: "No signal" on the TV
- Check the HDMI cable is plugged into the Stream Box and the TV, and select the matching HDMI input on the TV.
- Make sure the Stream Box light is on; use the supplied power adapter, not a TV USB port.
- Try another HDMI port or cable.
- Hold Back + Home on the remote for 10 s to reset the resolution to automatic.
? TV says no signal with the stream box
? just black screen with "no signal", the box light is on
? stream box not showing on my TV
! the TV doesn't see the streaming box
> No signal on TV
> Stream Box black screen
< TV no signal

# Stream Box remote not responding
- Replace the batteries.
- Hold Home + Menu for 5 seconds near the box to pair again.
- Remove anything between the remote and the box (the remote uses Bluetooth after pairing).
- Use the Harbourfield app > Devices > Stream Box > Remote as a temporary remote.
? remote stopped working
? the stream box remote does nothing, new batteries
? remote control won't pair
! buttons on the remote don't work
> Remote not working
> Remote won't pair
< Remote unresponsive

# Lumo smart plug offline after Wi-Fi change
- Smart plugs remember the old Wi-Fi; they must be reconnected after a new router or password.
- Hold the plug's button for 6 seconds until it blinks fast.
- In the app go to Devices > Add device > Lumo plug and choose your 2.4 GHz network (plugs don't support 5 GHz).
- Existing schedules are kept once the plug reconnects.
? my smart plugs are all offline since I changed the router
? lumo plug shows offline in the app
? changed wifi password and now plugs don't work
! plugs say disconnected
> Smart plug offline
> Plug not connecting
< Lumo offline

# Device firmware update fails
- Keep the device plugged in and connected to Wi-Fi during the update.
- In the app go to Devices > your device > Firmware > "Retry".
- If it fails twice, restart the device and try again.
- Error FW-22 means not enough storage: free 1 GB on the tablet first.
? firmware update failed
? update keeps failing on my {hub}
? error FW-22 when updating
! can't install the update on the device
> Firmware update failed
> Update error
< FW-22

# Hub overheating and rebooting
- Put the Hub upright in open air, not in a cupboard or on top of other electronics.
- Keep 10 cm free around the vents.
- Update the firmware from Devices > {hub} > Firmware.
- If it still reboots more than once a day, request a replacement in the app.
? my router gets very hot and restarts itself
? the hub keeps rebooting on its own
? internet drops, router resets itself several times a day
! the router seems to overheat
> Router overheating
> Hub restarting
< Router reboots

# Serial number not accepted when registering a device
- The serial is on the label under the device and on the box, after "S/N" (12 characters, letters and numbers).
- Letter O and number 0 are often confused; our serials never contain the letter O.
- Devices bought from other shops can be registered with a photo of the receipt.
- Go to Devices > Add device > "Register with receipt".
? the app says serial number invalid
? can't register my device for warranty
? where do I find the serial number
! serial doesn't work when I add the device
> Serial number invalid
> Register device
< Warranty registration

# Tablet touchscreen not responding in some areas
- Remove the screen protector or case and test.
- Clean the screen with a dry microfibre cloth.
- Settings > Display > Touch sensitivity: turn it off if you don't use a protector.
- If one area stays dead, request a warranty repair.
? part of the screen doesn't respond
? touch doesn't work at the top of the tablet
? tablet screen ignores my taps sometimes
! some spots on the screen don't react
> Touchscreen problem
> Screen not responding
< Dead spots on screen

# Buds: only one earphone plays sound
- Put both earbuds in the case, close the lid for 10 seconds.
- Open the lid and hold the case button for 15 seconds until the light flashes white (reset).
- On the phone remove "Harbourfield Buds" from Bluetooth, then pair again.
- Clean the speaker mesh of the silent bud with a dry soft brush.
? only the left earbud works
? one side of my buds is silent
? the right earphone has no sound
! sound only in one ear
> One earbud not working
> Buds one side silent
< No sound in one earphone

# Smart speaker doesn't respond to the wake word
- Check the microphone button isn't off (red ring).
- Place the speaker away from walls and noisy appliances.
- In the app go to Devices > speaker > Voice > "Retrain wake word".
- Update the speaker firmware.
? speaker doesn't hear me
? it doesn't react when I say hey harbour
? voice commands stopped working
! the speaker ignores me
> Speaker not listening
> Wake word not working
< Voice assistant deaf

# Parental controls on the Tern Tab
- Open Settings > Family on the tablet and tap "Set up child profile".
- Set a PIN for the parent profile.
- Choose allowed apps and daily screen time limits.
- Use the Harbourfield app > Devices > {tablet} > Family to change limits remotely.
? how to set parental controls on the tablet
? I want to limit my kid's screen time
? can I block apps on my daughter's tablet
! need child settings on the tablet
> Parental controls
> Kid mode on tablet
< Screen time limits

# Device locked to the previous owner's account
- Second-hand devices keep the previous owner's account until they remove it.
- Ask the seller to go to Devices in their app and tap "Remove device".
- If you bought it new from Harbourfield or a shop, send the receipt via Devices > "Unlock with receipt".
- After unlock, factory reset the device and set it up with your account.
? bought a second hand tablet and it asks for someone else's account
? device locked to previous owner
? it says this device is registered to another account
! the hub I got used belongs to another account
> Device locked
> Previous owner's account
< Registered to someone else

@ connectivity | Internet & mobile connectivity | Home broadband, Wi-Fi, mobile SIM and eSIM, number porting and roaming.

# Broadband slow in the evening
- Run a speed test with a laptop plugged into the Hub by cable (harbourfield.example/speed).
- If the cable speed is fine, the problem is Wi-Fi: move the Hub up and into the open, or add a Beacon.
- In the app go to Devices > {hub} > Wi-Fi > "Optimise channel".
- If the wired speed is below your plan's minimum guaranteed speed, run "Line check" in the app; a report is raised automatically.
? internet is slow every evening
? speed drops to nothing after 7pm
? streaming buffers all night but mornings are fine
? broadband crawls in the evenings, {n} Mbps instead of 500
! my connection becomes very slow at night
> Slow internet evenings
> Broadband slow
> Speed drops at night
< Evening slowdown

# Connected to Wi-Fi but no internet
- Check the Hub light: white means the line is up.
- Restart the device that has the problem and "Forget" then re-join the Wi-Fi.
- If only some websites fail, set DNS to automatic on the device (remove custom DNS).
- In the app go to Devices > {hub} > "Restart"; if that fails run "Line check".
? wifi connected but no internet
? my laptop says connected, no internet
? phone has wifi bars but nothing loads
! connected to the network but nothing works
> No internet
> Wi-Fi but no internet
< Connected, no internet

# Wi-Fi keeps dropping
- In the app go to Devices > {hub} > Wi-Fi and turn off "Smart connect" to split the 2.4 GHz and 5 GHz networks.
- Connect older devices to the 2.4 GHz network (name ends with -2G).
- Update the Hub firmware.
- Move the Hub away from microwaves, baby monitors and metal cabinets.
? wifi drops every few minutes
? my laptop keeps disconnecting from wifi
? the connection cuts out all the time
! wifi keeps going off and on
> Wi-Fi dropping
> Keeps disconnecting
< Unstable Wi-Fi

# Fibre line down: red "LOS" light on the fibre box
- Check the thin fibre cable from the wall socket to the fibre box isn't bent or pulled out.
- Don't look into the fibre cable end.
- Restart the fibre box (ONT) and the Hub.
- If LOS stays red, run "Line check" in the app; it books an engineer automatically if the line is faulty.
? the LOS light is red on the fibre box
? fibre down, red light on the white box on the wall
? no internet and the ONT shows LOS
! box on the wall has a red light, nothing works
> LOS red light
> Fibre down
< ONT red

# Mobile data not working after changing SIM
- Restart the phone with the new SIM inserted.
- Check mobile data is on and the SIM is selected for data (dual-SIM phones).
- Set the APN: Settings > Mobile network > Access point names > add "harbourfield" (APN: internet.harbourfield).
- iPhones update settings automatically after a restart; check Settings > General > About for "Carrier update".
? no mobile data with the new sim
? calls work but internet doesn't on my {phone}
? 4G doesn't work since I put your SIM in
! new SIM, no data
> No mobile data
> SIM internet not working
< Data not working

# eSIM QR code won't install
- Connect the phone to Wi-Fi before scanning.
- Scan from Settings > Mobile > Add eSIM (not the camera app).
- Each QR code works once; if you scanned it before, ask for a new one in the app under Mobile > eSIM > "New QR code".
- Check the phone is not locked to another network.
? esim QR code won't work
? phone says "this code is no longer valid" for the esim
? can't activate my eSIM
! eSIM install fails
> eSIM not installing
> eSIM QR invalid
< Can't activate eSIM

# No mobile signal at home
- Check the coverage map at harbourfield.example/coverage for indoor coverage at your address.
- Turn on Wi-Fi Calling: iPhone Settings > Phone > Wi-Fi Calling; Android Settings > Network > Wi-Fi Calling.
- Turn airplane mode on and off to reconnect to the nearest mast.
- If coverage is shown as good, report the problem in the app under Mobile > "Report no signal".
? no signal in my house
? calls drop at home, one bar
? I have to go outside to make a call
! signal at home is terrible
> No signal at home
> Poor coverage
< Calls dropping indoors

# Roaming not working abroad
- Turn on "Data roaming" in the phone's mobile network settings.
- In the app go to Mobile > Roaming and check roaming is enabled on your plan.
- Manually select a partner network: Settings > Mobile network > Network operators.
- Restart the phone after landing.
? roaming doesn't work in {Spain|Turkey|Canada|Thailand}
? I'm abroad and have no service
? phone says no service since I arrived on holiday
! no network abroad
> Roaming not working
> No signal abroad
< Abroad, no data

# Number transfer (port-in) stuck
- Check Mobile > Number transfer in the app for the status.
- Make sure the PAC/transfer code matches the old provider's code and hasn't expired (30 days).
- The name and date of birth must match the old provider's records.
- Transfers complete the next working day; your old SIM stops working when the new one starts.
? my number transfer is stuck
? I gave the PAC code but still on my old number
? porting my number hasn't happened
! number move pending for days
> Number transfer stuck
> PAC code not working
< Port number

# Game console says NAT type strict / port forwarding
- In the app go to Devices > {hub} > Advanced > UPnP and turn it on.
- For specific games add port rules under Advanced > Port forwarding with the console's IP.
- Give the console a reserved IP under Advanced > DHCP reservations.
- Restart the console.
? my xbox says NAT strict
? how do I forward ports on the hub
? online gaming doesn't work, NAT type 3
! console network type is strict
> NAT strict
> Port forwarding
< Gaming NAT

# Wi-Fi speed much lower than my plan
- Speed over Wi-Fi depends on the device; test with a cable first (harbourfield.example/speed).
- Use the 5 GHz network near the Hub for full speed.
- Older devices (Wi-Fi 4) can't exceed about 100 Mbps.
- Add a Beacon for rooms far from the Hub.
? I pay for 500 and get 80 on wifi
? speed test shows way less than my plan
? wifi speed is poor on my laptop
! not getting the speed I pay for
> Speed lower than plan
> Slow Wi-Fi
< Not getting my speed

# Reschedule a broadband installation appointment
- Go to the app > Broadband > Installation > "Change appointment".
- Choose a new date; changes are free up to 24 hours before.
- If the engineer didn't come, tap "Engineer didn't arrive" to get a priority slot and compensation.
? engineer didn't come for the installation
? need to change my install date
? missed the broadband appointment
! installation day doesn't work for me
> Change installation date
> Engineer no-show
< Reschedule install

# Request a static IP address
- Static IP is available on Business and Pro plans.
- In the app go to Broadband > Add-ons > Static IP and tap "Add".
- The Hub restarts within 1 hour with the new address.
? can I get a static IP
? my IP keeps changing, need a fixed one
? static ip for my camera system
! need a permanent IP address
> Static IP
> Fixed IP address
< Permanent IP

# Mobile data used up too fast
- Check the app > Mobile > Usage for the apps using most data.
- Turn off auto-play videos and background refresh for big apps.
- Hotspot usage counts from your allowance.
- Set a data alert in Mobile > Usage > Alerts.
? my data runs out in a week
? data allowance gone, I barely use it
? where did my {n}GB go
! used all my data already
> Data used up
> Data running out
< Allowance gone

# Voicemail or call forwarding not working
- Dial 121 to set up voicemail the first time.
- Check call forwarding isn't sending calls elsewhere: dial ##002# to reset.
- In the app go to Mobile > Calls > Voicemail and turn it on.
? voicemail doesn't work
? calls don't go to voicemail
? people say my phone rings and then they get cut off
! can't access voicemail
> Voicemail not working
> Call forwarding problem
< No voicemail

@ privacy-security | Privacy & security | Account security, fraud, phishing, personal data requests and marketing consent.

# Suspicious sign-in alert - secure the account
- Open Account > Security > Recent activity and check the location and device.
- If it wasn't you, tap "Sign out all devices".
- Change your password to a new one you don't use elsewhere.
- Turn on two-step verification under Account > Security.
- Check Orders and Addresses for anything you didn't add.
? got an email about a new sign in that wasn't me
? suspicious login alert from another city
? someone logged into my account?
! I received a security alert about a login I didn't do
> Suspicious login
> Someone in my account
< Login alert not me

# Phishing e-mail or SMS pretending to be Harbourfield
- Don't click links or give codes; we never ask for your password or verification code.
- Forward the e-mail to phishing@harbourfield.example or the SMS to 7726.
- If you entered your password, change it at once and sign out all devices.
- If you entered card details, call your bank.
? got an email saying my account will be closed, is it from you?
? sms saying parcel fee to pay with a link, looks fake
? is this email from harbourfield real?
! strange message claiming to be you asking for my details
> Phishing email
> Fake SMS
< Is this a scam

# Download a copy of my personal data
- Go to Account > Privacy > "Download my data".
- Choose the data (orders, messages, device data) and confirm with your password.
- We e-mail a download link within 48 hours; it works for 7 days.
? I want a copy of all the data you have about me
? GDPR data request
? how do I download my information
! need my personal data exported
> Data request
> Download my data
< Copy of my data

# Delete my account permanently
- Cancel active subscriptions and wait for open orders and returns to finish.
- Go to Account > Privacy > "Delete account" and confirm with your password.
- The account is closed at once and deleted after 30 days; invoices are kept for 7 years as required by law.
- Signing in within 30 days cancels the deletion.
? please delete my account and all my data
? how do I close my account permanently
? I want to remove my account
! delete everything about me
> Delete account
> Close my account
< Remove my data

# Still receiving marketing e-mails after unsubscribing
- Go to Account > Privacy > Marketing and switch off e-mail, SMS and push.
- Unsubscribing can take up to 48 hours for campaigns already scheduled.
- If you get e-mails at an address without an account, use the "Unsubscribe" link at the bottom.
- Service e-mails (receipts, delivery updates) can't be turned off.
? I unsubscribed but still getting emails
? stop sending me marketing
? keep getting offers by text
! promo emails won't stop
> Unsubscribe not working
> Stop marketing
< Too many emails

# Unknown order in my account / card used without permission
- Go to Orders and cancel the order if it hasn't shipped.
- Change your password and sign out all devices (Account > Security).
- Remove the saved card from Billing > Payment methods and tell your bank.
- Report the order via Orders > {order} > "I didn't place this order"; we refund confirmed fraud.
? there's an order in my account I didn't make
? someone used my card on your site
? I see an order for {amount} that's not mine
! strange purchase on my account
> Order I didn't make
> Fraud on my account
< Unauthorised purchase

# Remove a saved card
- Go to Billing > Payment methods.
- Tap the card and choose "Remove".
- A card used by an active subscription can't be removed until another card is set as default.
? how to delete my saved card
? I don't want my card saved
? remove card from account
! want to take my card off
> Remove saved card
> Delete payment card
< Card on account

# Account taken over: e-mail and password changed by someone else
- Use the link in the e-mail "Your e-mail address was changed" sent to your old address to reverse the change.
- If the link expired, go to harbourfield.example/recover and choose "Someone changed my e-mail".
- Provide your last order number and last 4 card digits; we review within 24 hours.
- After recovery turn on two-step verification and check saved addresses.
? someone changed my email and password, I can't get in
? my account was hacked, the email is not mine anymore
? got an email that my address was changed, it wasn't me
! hacker took over my account
> Account hacked
> Email changed by someone
< Account stolen

# Revoke access for connected apps
- Go to Account > Security > Connected apps.
- Review apps and services that can access your account.
- Tap "Remove access" for any you don't use.
? how to disconnect an app from my account
? remove third party access
? a service I don't use has access
! unlink apps from my account
> Connected apps
> Revoke access
< Third party apps

# Cookie preferences not saved
- Allow cookies for harbourfield.example (the preference itself is stored in a cookie).
- Open the footer link "Cookie settings", choose and click "Save".
- Don't use "clear cookies on exit" for our site.
? cookie banner keeps showing every time
? my cookie choices aren't saved
? cookie popup on every page
! cookie settings reset all the time
> Cookie banner
> Cookie settings
< Cookie popup again

# Scam phone call claiming to be Harbourfield support
- Hang up; we never call asking for codes, passwords or remote access to your computer.
- If you installed a remote-access app, uninstall it and run a virus scan.
- Change your password and sign out all devices.
- Report the number via Account > Security > "Report a scam call".
? someone called saying they are from your support
? got a call asking for my verification code
? caller said my router is hacked and wanted access to my computer
! phone call from someone claiming to be Harbourfield
> Scam call
> Fake support call
< Call asking for code

# Phone suddenly has no service: possible SIM swap fraud
- If your phone shows "No SIM" or "SOS only" and you didn't change anything, call us from another phone immediately.
- We block the SIM and check for a SIM swap request.
- Change passwords of your e-mail and bank; tell your bank.
- A new SIM is sent or you can get an eSIM in the app.
? my phone suddenly has no service and says SIM not valid
? got a message that my SIM was activated on a new phone, I didn't do it
? my number stopped working out of nowhere
! lost service, I think someone took my number
> SIM swap
> Phone lost service
< Number hijacked

# Correct my name or date of birth
- Name: Account > Profile > Name; date of birth needs verification.
- For date of birth go to Account > Privacy > "Correct my data" and upload an ID.
- Corrections are done within 3 working days.
? my name is spelled wrong on the account
? date of birth is wrong
? please correct my personal details
! my details are incorrect
> Wrong name
> Correct my data
< Update personal data

# Sign-in alerts from another country while using a VPN
- VPNs make your sign-in appear from the VPN server's country.
- If it was you, tap "This was me" in the alert.
- If you are not using a VPN, follow "Secure my account" in the alert.
? I get login alerts from {Netherlands|Singapore|USA} but it's me with vpn
? security alert says a country I'm not in
? vpn triggers your security alert every time
! alerts about logins abroad but I'm home
> VPN login alert
> Alert from another country
< Login from abroad?

# Child account and parental consent
- Children under 16 need a parent's consent for a Harbourfield account.
- The parent goes to Account > Family > "Add child" and confirms with their password.
- The child gets a limited account with no saved card and no marketing.
? my son wants his own account, he is 13
? account creation blocked because of age
? parental consent for my child
! kid needs an account
> Child account
> Parental consent
< Account for my kid
"""
