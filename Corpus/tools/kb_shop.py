# Hand-written knowledge-base content: Harbourfield Shops (web-shop platform). Format: see kb_consumer_a.py
DATA = r"""
@ shop-payments | Shop payments & payouts | HF Pay card payments, payouts to the merchant's bank, chargebacks, fees and verification for shopkeepers on Harbourfield Shops.

# Payout on hold: verify the bank account with micro-deposits
- In Shop Admin go to Settings > Payments > Payouts; the banner "Bank account not verified" means payouts are held.
- We sent two small deposits (under 1.00) to the bank account, named HFPAY VERIFY; find them in your bank app (1-2 working days).
- Click "Verify bank account" and enter the two amounts exactly.
- Held payouts are released on the next payout run (daily at 14:00 UTC).
- If no deposits arrived after 3 working days, check the IBAN/account number and click "Resend deposits".
? my payout is on hold and I don't know why
? payouts say "on hold - bank account not verified"
? I haven't received any money from my sales for {shop}, status on hold
? it asks me to enter two small amounts, what amounts?
? sales money stuck, payouts paused in Shop Admin
! the money from my orders isn't coming to my bank, it's held
> Payout on hold
> Payouts not arriving
> Bank account not verified
< Sales money held

# Payouts delayed for new shops (rolling reserve)
- New shops have a 7-day payout delay for the first 30 days; see Settings > Payments > Payout schedule.
- The "Reserve" line shows money held for that period; it's released automatically day by day.
- After 30 days without high refund or chargeback rates, payouts switch to 2 days.
- Upload proof of fulfilment (tracking numbers) to shorten the review.
? I'm a new shop and payouts take a week, is that normal?
? why is part of my balance "reserved"?
? my first sales are not paid out yet
! just opened the shop, money is delayed
> Payout delay new shop
> Reserve on balance
< First payouts slow

# Customers' cards declined at checkout (3-D Secure)
- In Shop Admin go to Payments > Transactions and open a failed payment; the decline reason is shown.
- "authentication_required" means the customer didn't complete 3-D Secure in their banking app; ask them to retry and approve.
- Make sure Settings > Payments > "Strong customer authentication" is on (it's required in the EU/UK).
- "do_not_honor" is the bank's decision; the customer must contact their bank or use another card.
? customers tell me their card is declined on my shop
? lots of failed payments with authentication_required
? my buyers can't pay by card, keeps failing
! card payments fail on my checkout
> Cards declined at checkout
> Failed payments
< Customers can't pay

# Chargeback received: submit evidence
- Go to Payments > Disputes and open the dispute; note the reason and the deadline.
- Click "Submit evidence" and upload the order details, tracking with delivery confirmation and any messages with the customer.
- For "product not received" include proof of delivery; for "not as described" include the product page and photos.
- Submit before the deadline; the bank decides within 60-75 days.
- If you refunded the customer already, upload the refund receipt.
? I got a chargeback for an order that was delivered
? dispute on order {shoporder}, customer says not received
? money taken back by the bank, what do I do?
! customer's bank reversed a payment
> Chargeback
> Payment disputed
< Dispute on order

# Refund to a customer fails: insufficient balance
- Refunds are paid from your HF Pay balance; if it's lower than the refund, the refund fails.
- Go to Payments > Balance > "Top up" and add funds by bank transfer or card.
- Retry the refund from Orders > {shoporder} > Refund.
- Turn on "Debit my bank account for refunds" in Settings > Payments to avoid this.
? refund to customer failed
? can't refund an order, says insufficient balance
? refund error on order {shoporder}
! my refund didn't go through to the buyer
> Refund failed
> Insufficient balance refund
< Can't refund customer

# HF Pay account under review: upload documents
- Go to Settings > Payments > Verification and see which document is requested.
- Upload ID of the shop owner and proof of business address (utility bill or bank statement under 3 months old).
- Registered companies also upload the company registration extract.
- Reviews take 2 working days; payments continue, payouts wait until it's done.
? my payment account is under review
? HF Pay wants documents, what exactly?
? account verification pending for days
! payments account review, payouts stopped
> Account under review
> Verification documents
< KYC review

# Payout arrived in the wrong currency / conversion fees
- Go to Settings > Payments > Payout currency.
- Add a bank account in each currency you sell in to avoid conversion.
- Conversion happens at the daily rate plus 1%, shown on the payout report.
? payouts converted to euros, I wanted pounds
? conversion fee on my payouts
? why did my payout come in another currency
! lost money on currency conversion
> Payout currency
> Conversion fee
< Wrong currency payout

# PayPal or wallet payment option missing at checkout
- Go to Settings > Payments > Payment methods and switch on PayPal, Apple Pay and Google Pay.
- PayPal needs your PayPal business account connected ("Connect PayPal").
- Apple Pay only shows on Safari and Apple devices, Google Pay only in Chrome/Android.
- Check the theme's checkout isn't using an old custom template.
? paypal doesn't show at checkout
? apple pay button missing on my shop
? customers ask why there is no PayPal
! wallet payments don't appear for buyers
> PayPal missing
> Apple Pay not showing
< Payment options missing

# Transaction fees higher than expected
- Fees depend on your plan and the card type; see Settings > Plan > Rates.
- International and business cards have a higher fee.
- Download Payments > Reports > "Fees" for a breakdown per transaction.
- Upgrading plan lowers the card fee if you sell more than the threshold shown.
? fees seem higher than what you advertised
? why am I paying so much in transaction fees
? fee per order isn't what I expected
! charges on my sales are bigger than I thought
> High fees
> Transaction fee question
< Fee breakdown

# Customer charged twice (authorisation vs capture)
- Open Payments > Transactions and search the customer's e-mail.
- One "Authorised" plus one "Captured" for the same order is a single payment; the authorisation disappears within 7 days.
- Two "Captured" payments: refund one from Orders > {shoporder} > Refund.
- Tell the customer which one drops off and when.
? customer says she was charged twice
? buyer sees two payments for one order
? double charge complaint from my customer
! a client says they paid twice
> Customer charged twice
> Double payment complaint
< Buyer billed twice

# Payment taken but no order created
- Go to Payments > Transactions and find the payment; "Orphaned" means no order was created.
- Click "Create order from payment" to build the order from the payment details.
- If you use an external checkout app, check its webhook status under Settings > Apps.
- Otherwise refund the payment.
? customer paid but there's no order in my admin
? payment in transactions but no matching order
? money received, order missing
! payment went through but no order appeared
> Payment without order
> Missing order
< Paid but no order

# VAT not calculated at checkout
- Go to Settings > Taxes and turn on "Charge tax".
- Add your tax registrations for each country you sell to.
- Set product tax categories (standard, reduced, zero) under Products > Tax.
- Check "Prices include tax" matches how you entered prices.
? VAT is not added at checkout
? tax shows 0 on my orders
? my shop doesn't charge tax
! no VAT calculated
> VAT missing at checkout
> Tax not charged
< Checkout tax zero

# Change the payout bank account
- Go to Settings > Payments > Payouts > "Change bank account".
- Enter the new account; we send a code to your e-mail.
- For security, payouts pause for 48 hours after a change.
- Verify the new account with the micro-deposits.
? I changed bank, how do I update payouts
? want payouts to go to a new account
? new bank details for my shop
! updating the bank account for payouts
> Change payout account
> New bank details
< Update bank for payouts

# Payout report doesn't match my orders
- Download Payments > Reports > "Payout reconciliation" for the payout.
- Each payout covers payments captured in a period, minus refunds, fees and chargebacks.
- Orders paid after the cut-off (14:00 UTC) are in the next payout.
? payouts don't match my sales
? my payout is less than my orders total
? reconciliation is confusing
! amounts paid to me differ from sales
> Payout mismatch
> Reconcile payouts
< Payout lower than sales

@ storefront | Storefront & website | The online shop's website: domains, SSL, themes, pages, checkout appearance, SEO and languages.

# Connect a custom domain (DNS records)
- In Shop Admin go to Settings > Domains > "Connect existing domain" and enter the domain.
- At your domain registrar add an A record for @ pointing to 203.0.113.20 and a CNAME for www pointing to shops.harbourfield.example.
- Remove old A/AAAA records for @ and www.
- Click "Verify connection"; DNS changes take up to 24 hours.
- Set the domain as primary once verified.
? my domain doesn't show my shop
? connected my domain but it says DNS not configured
? how do I point my domain to Harbourfield
? www.{shop}.example works but without www not
! custom domain isn't working
> Custom domain not working
> DNS setup
< Point domain to shop

# SSL certificate stuck on "Pending"
- SSL is issued automatically once the domain's DNS points to us.
- Check Settings > Domains: the domain must show "Connected".
- Remove any CAA record that doesn't allow letsencrypt.org, and any AAAA record.
- Click "Retry SSL"; it's usually issued within 1 hour.
? ssl pending for 2 days
? my shop says not secure
? certificate isn't issued
! browser warns my shop isn't secure
> SSL pending
> Not secure warning
< Certificate problem

# Theme changes not showing on the live shop
- Changes in the theme editor are saved in a draft; click "Publish" to make them live.
- Check you are editing the live theme (Online store > Themes > "Current theme").
- Clear your browser cache or open a private window.
- Page caching can take 5 minutes to refresh.
? my changes don't appear on the site
? I edited the homepage but customers see the old one
? theme edits not visible
! updated the design but nothing changed
> Theme changes not showing
> Edits not live
< Design not updated

# Checkout broken after editing theme code
- Go to Online store > Themes > ... > "Edit code" > History.
- Open the file you edited and click "Revert to" the last version before your change.
- Or duplicate the current theme and restore the original from Themes > "Theme library".
- Test checkout with a test order.
? after editing theme code the checkout button disappeared
? broke my checkout editing liquid file
? customers can't go to checkout since my change
! checkout page is broken after a code change
> Checkout broken
> Theme code error
< Broke my theme

# Product images blurry or not loading
- Upload images at least 2048 px on the long side, JPG or PNG under 20 MB.
- Set the theme's image quality to "High" in Theme settings > Images.
- Images not loading: check the image URL isn't from an external site that blocks hotlinking; upload them instead.
? product pictures look blurry
? images don't load on my shop
? photos are pixelated
! product photos are low quality
> Blurry images
> Images not loading
< Pictures pixelated

# Shop shows "Coming soon" / asks for a password
- New shops are password-protected until you pick a plan.
- Go to Online store > Preferences and remove the storefront password.
- Make sure a paid plan is active in Settings > Plan.
? customers see coming soon page
? my shop asks for a password
? store is not open to public
! shop isn't visible to buyers
> Shop password protected
> Coming soon page
< Shop not public

# Menu links lead to "404 page not found"
- Go to Online store > Navigation and open the menu.
- Edit each broken link and choose the page, collection or product from the picker instead of typing a URL.
- Add redirects for old URLs in Online store > Navigation > URL redirects.
? menu links give 404
? page not found when clicking my menu
? broken links in navigation
! some links in my shop go nowhere
> 404 in menu
> Broken links
< Navigation 404

# Shop not appearing in Google search
- Remove the storefront password (search engines can't index protected shops).
- Submit sitemap.xml at your domain in Google Search Console.
- Add titles and meta descriptions under each product's "Search engine listing".
- Indexing takes 1-4 weeks.
? my shop isn't on google
? search for my shop name shows nothing
? how do I get my shop on google
! can't find my store in search results
> Not on Google
> SEO help
< Search visibility

# Show the shop in several languages
- Go to Settings > Languages and add the languages.
- Translate products and pages with "Translate" or import a translation file.
- Add the language selector in Theme editor > Header.
? can my shop be in English and {Spanish|German|French}?
? need a multi language shop
? translate my store
! want the shop in another language too
> Multi-language
> Translate shop
< Second language

# Contact form messages not arriving
- Messages go to the e-mail under Settings > Store details > "Sender e-mail".
- Check spam; add no-reply@harbourfield.example to contacts.
- Test the form yourself; messages are also listed under Customers > Messages.
? contact form doesn't send me emails
? customers say they wrote but I got nothing
? contact form not working
! not getting messages from the contact page
> Contact form
> Messages not received
< Form emails missing

# Add legal pages and cookie banner
- Go to Settings > Policies and generate refund, privacy and terms pages from the templates.
- Edit the templates with your business details.
- Turn on Online store > Preferences > "Cookie banner".
? how do I add privacy policy
? need a cookie banner
? legal pages for my shop
! don't have terms and conditions
> Legal pages
> Cookie banner setup
< Privacy policy

# Shop layout broken on mobile
- Preview the shop in Theme editor with the phone icon.
- Reduce image banner heights and long headings; set "Stack columns on mobile".
- Remove custom CSS that sets fixed widths.
? my shop looks broken on phones
? on mobile the text overlaps
? layout messed up on iphone
! mobile version looks bad
> Mobile layout broken
> Shop on phones
< Mobile display

# Discount code not working on the storefront
- Go to Discounts and check the code's status, dates and usage limit.
- Check minimum order value and which products it applies to.
- Codes can't combine with automatic discounts unless "Combine" is on.
? my discount code doesn't work
? customers say the code is invalid
? discount not applied at checkout
! coupon not accepted
> Discount code broken
> Coupon invalid
< Discount not working

# Custom font not loading
- Upload the font files (WOFF2) under Theme settings > Typography > Custom fonts.
- Use the font name exactly as uploaded.
- Fonts linked from other sites may be blocked.
? my font doesn't show
? custom font not working
? text shows default font
! typography not loading
> Custom font
> Font not loading
< Font issue

@ inventory | Inventory & products | Products, variants, stock levels, imports and multi-location stock in Harbourfield Shops.

# Stock not syncing with the marketplace
- Go to Settings > Apps > Marketplace connector and check the status.
- Click "Reconnect" if it says "Authorisation expired".
- Make sure SKUs are identical in both places; items with different SKUs don't sync.
- Click "Sync stock now"; automatic sync runs every 15 minutes.
? stock on the marketplace isn't updating
? sold out on my shop but still for sale on the marketplace
? inventory sync stopped
! stock numbers differ between my shop and the marketplace
> Stock not syncing
> Marketplace sync
< Inventory mismatch

# CSV product import fails: "invalid SKU" or "row error"
- Download the import report from Products > Import > History.
- Each error gives the row and column; fix SKUs that contain spaces or special characters.
- Save the CSV as UTF-8 (Excel: "CSV UTF-8").
- Re-import only the failed rows with "Update existing products".
? csv import fails row 14 invalid sku
? product import error
? the import says some rows failed
! can't upload my product list
> CSV import error
> Import failed
< Products won't import

# Overselling: orders for products out of stock
- Go to the product > Inventory and tick "Track quantity".
- Untick "Continue selling when out of stock".
- Check other sales channels reserve stock too.
? I sold items I don't have
? orders for products out of stock
? stock goes negative
! overselling problem
> Overselling
> Negative stock
< Sold out items ordered

# Variants missing after import
- Variants must share the same "Handle" in the CSV.
- Fill option columns (Option1 name / value) on every variant row.
- Re-import with "Update existing products".
? variants missing after import
? sizes didn't import
? product only has one colour after csv
! import lost my product options
> Variants missing
> Sizes not imported
< Options lost

# Low-stock alert e-mails not sent
- Go to Settings > Notifications > "Low stock".
- Set the threshold per product under product > Inventory.
- Add staff e-mails as recipients.
? no low stock emails
? low stock alert not working
? I want notification when stock low
! alerts about stock never come
> Low stock alert
> Stock notifications
< No stock warning

# Barcode scanning in the Inventory app
- Open the Shop Admin app > Products > Scan.
- Allow camera access.
- Add barcodes to variants under product > Barcode.
? barcode scanner doesn't find products
? how to scan items into stock
? scan doesn't work in the admin app
! scanning barcodes isn't working
> Barcode scanning
> Scan products
< Scanner can't find item

# Check who changed a stock level (inventory history)
- Go to Products > Inventory and click the quantity.
- "View history" shows every change with user, order or app.
- Export with Inventory > Export > "History".
? stock changed and I don't know why
? who adjusted the inventory?
? stock count wrong, need history
! my stock numbers changed by themselves
> Inventory history
> Stock changed
< Who changed stock

# Transfer stock between locations
- Go to Products > Transfers > "Create transfer".
- Choose origin and destination locations and add products.
- Mark as received at the destination.
? move stock to my second warehouse
? how to transfer between locations
? multiple locations stock
! need to shift inventory between stores
> Stock transfer
> Locations
< Move inventory

# Products disappeared from the shop
- Check Products with the filter "Archived" or "Draft".
- Make sure products are available on "Online store" channel.
- Check collections conditions.
? products gone from my shop
? items disappeared
? products not visible to customers
! some products vanished
> Products missing
> Products disappeared
< Items not showing

# Bulk update prices
- Go to Products, select products, click "Bulk edit".
- Add the "Price" column and edit.
- Or export, edit in a spreadsheet and import with "Update existing".
? change all prices at once
? bulk price update
? increase prices by 10%
! need to edit many prices
> Bulk prices
> Mass price change
< Update prices

# Stock for bundle products
- Create the bundle with Products > "Create bundle".
- Add component products and quantities.
- Bundle stock is calculated from the components.
? bundle stock isn't right
? how to sell a set
? bundle product inventory
! stock for kits wrong
> Bundle stock
> Product sets
< Kit inventory

# Take pre-orders for out-of-stock products
- Go to product > Inventory and tick "Continue selling when out of stock".
- Add a "Pre-order" label and expected date.
- Turn on "Charge later" under Settings > Payments.
? how to take preorders
? sell before stock arrives
? pre-order button
! want backorders
> Pre-orders
> Backorders
< Sell before stock

# "SKU already exists" error
- Each SKU must be unique.
- Search Products for the SKU to find the duplicate.
- Change one or remove it.
? sku already exists error
? can't save product duplicate SKU
? duplicate sku message
! SKU is taken
> Duplicate SKU
> SKU exists
< SKU error

# Inventory export missing columns
- Use Products > Export and choose "All products" with "CSV for Excel".
- Cost and location columns are only in Inventory > Export.
- Select "All fields".
? export missing columns
? inventory export has no cost
? export doesn't include stock per location
! fields missing in export
> Export columns
> Inventory export
< Missing data in export

@ shop-shipping | Shop shipping & fulfilment | Shipping rates, labels, carriers and fulfilment for merchants on Harbourfield Shops.

# Shipping label purchase fails: address validation
- Open Orders > {shoporder} > "Create label"; the error names the field.
- Correct the customer's address: house number in address line 1, postcode matching the town.
- Add a phone number; many carriers need it.
- Click "Override validation" only if you're sure the address exists.
? can't buy shipping label
? label purchase fails address invalid
? error creating label for order {shoporder}
? carrier rejects the address
! label won't generate
> Label error
> Can't create label
< Address validation failed

# Shipping rates not showing at checkout
- Go to Settings > Shipping and check the customer's country is in a shipping zone.
- Each zone needs at least one rate.
- Products must have a weight if using weight-based rates.
? customers see no shipping options
? no shipping rates at checkout
? checkout says no shipping available
! buyers can't choose shipping
> No shipping rates
> Shipping options missing
< Checkout no shipping

# Free shipping threshold not applied
- Go to Settings > Shipping > zone > rate "Free shipping" and check "Minimum order".
- Discounts reduce the order value below the threshold.
- Free shipping only applies in that zone.
? free shipping over 50 not working
? customer didn't get free delivery
? threshold for free shipping ignored
! free shipping doesn't apply
> Free shipping not applied
> Shipping threshold
< Free delivery issue

# Label printer prints the wrong size
- Go to Settings > Shipping > Label printing and choose "4x6 in (thermal)" or "A4".
- In the print dialog set scale 100% and the right paper.
- Install the printer's driver.
? labels print tiny
? thermal printer prints wrong size
? label cut off
! printing labels wrong
> Label printing
> Wrong label size
< Label cut off

# Tracking numbers not e-mailed to customers
- Tick "Notify customer" when fulfilling.
- Check Settings > Notifications > "Shipping confirmation" is on.
- Add tracking via Orders > {shoporder} > Edit tracking.
? customers don't get tracking emails
? shipping confirmation not sent
? buyers ask for tracking number
! tracking mail missing
> Tracking emails
> Shipping confirmation
< Customers no tracking

# Void an unused shipping label
- Open Orders > {shoporder} > the label > "Void label".
- Void within 30 days of purchase.
- Refunds appear on the next bill.
? I bought a label by mistake
? void a label
? refund for unused label
! label not used
> Void label
> Refund label
< Cancel label

# International shipping: customs forms
- Add HS codes and country of origin to each product.
- Labels for international orders include the customs form automatically.
- Print the commercial invoice and attach it.
? customs form for international shipping
? how to ship abroad
? international label missing customs
! customs paperwork
> Customs forms
> International shipping
< Ship overseas

# Offer local pickup
- Go to Settings > Shipping > Local pickup and enable it for your location.
- Set pickup instructions and times.
- Mark orders "Ready for pickup" to notify the customer.
? customers want to collect
? local pickup option
? click and collect
! pickup in store
> Local pickup
> Click and collect
< Collect in store

# Weight-based rates wrong
- Products without a weight count as 0.
- Add weights under product > Shipping.
- Check rate weight ranges have no gaps.
? shipping cost wrong
? weight rates not right
? customers pay too little shipping
! shipping prices strange
> Weight rates
> Shipping cost wrong
< Rates by weight

# Book a courier pickup
- Go to Orders > Shipping > "Schedule pickup".
- Choose the day and parcels.
- Pickup must be booked by 18:00 the day before.
? courier pickup
? schedule collection of parcels
? book carrier to collect
! need the courier to come
> Courier pickup
> Schedule collection
< Parcel collection

# Create return labels for shop customers
- Open Orders > {shoporder} > "Create return label".
- Choose the carrier and send the label to the customer.
- You pay only when the label is used.
? how to give return label
? customer needs return label
? returns for my shop
! send return label to buyer
> Return label for customer
> Shop returns
< Customer return label

# Shipping to parcel lockers or PO boxes
- Some carriers can't deliver to PO boxes.
- Enable "Parcel lockers" in Settings > Shipping > Carriers.
- Customers choose a locker at checkout.
? deliver to parcel lockers
? PO box shipping
? locker delivery option
! customers want lockers
> Parcel lockers
> PO box
< Locker shipping

# Fulfil many orders at once
- Go to Orders, filter "Unfulfilled", select orders.
- Click "Create labels" and "Mark as fulfilled".
- Print all labels as one PDF.
? fulfil many orders at once
? bulk fulfilment
? bulk labels
! ship lots of orders
> Bulk fulfilment
> Many orders at once
< Bulk labels

# Parcel lost by carrier: claim
- Open Orders > {shoporder} > the label > "File a claim".
- Claims open after 10 working days without a tracking update.
- Upload the invoice showing the item value.
? carrier lost my parcel
? claim for lost shipment
? package lost
! shipment never delivered
> Lost parcel claim
> Carrier lost package
< Claim for parcel
"""
