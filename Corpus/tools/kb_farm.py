# Hand-written knowledge-base content: Harbourfield Fields (crop advice & farm supplies). Format: see kb_consumer_a.py
DATA = r"""
@ farm-soil-crop | Soil tests & crop advice | Soil sampling and lab results, field profiles, crop and fertiliser recommendations in the Harbourfield Fields app.

# Soil test results are late
- Open Fields app > Soil Lab > Samples and find the sample by its barcode (starts with SL-).
- "In transit" means the lab hasn't received it; samples posted on Friday often arrive Tuesday.
- "Received" results are ready within 7 working days; "Extra analysis" adds 3 days.
- If a sample shows "In transit" for more than 7 days, tap "Report lost sample" to get a free replacement kit.
? my soil test results still aren't back
? sent soil samples {n} weeks ago, no results
? the sample for {field} still says in transit
? waiting forever for the lab results, I need them to plan fertiliser
? the app still shows my soil samples as in transit, posted them on {date}
? results for half my fields came back, the other samples from the same box are missing
! soil analysis results taking much longer than promised
> Soil results late
> Still waiting for soil test
> No lab results
< Soil analysis delayed

# Soil sample rejected by the lab
- Check the rejection reason in Soil Lab > Samples: usually "insufficient soil" or "missing label".
- Each bag needs 300-500 g of soil mixed from 15-20 cores across the field, taken at 0-15 cm (arable) or 0-7.5 cm (grass).
- Stick the barcode label on the bag, not the box, and register the barcode to the field in the app before posting.
- Order a free replacement bag with "Resample" on the rejected sample.
? lab rejected my soil sample
? sample says insufficient soil
? the lab couldn't test, label missing?
! my soil bag was refused
> Sample rejected
> Insufficient soil sample
< Lab refused sample

# Understanding the pH and lime recommendation
- Open Soil Lab > Results > the field and tap "pH & lime".
- The target pH depends on the crop (e.g. 6.5 for arable, 6.0 for grassland); the lime rate (t/ha) raises the current pH to the target.
- Check the field's soil type in the field profile; lime rates are higher for clay soils.
- Apply lime at least 3 months before sowing for best effect; split rates over 5 t/ha over two years.
? what does the lime recommendation mean
? my soil pH is {n}.2, how much lime
? lime rate seems huge, 6 t/ha?
! I don't understand the pH part of my soil report
> Lime recommendation
> pH results explained
< How much lime

# Crop advice doesn't match my field: update the field profile
- Open Fields app > My fields > the field > Profile.
- Check soil type, previous crop, drainage and irrigation.
- Update the current crop and variety.
- Tap "Recalculate advice"; recommendations update within a few minutes.
? the crop advice is for the wrong crop
? recommendations don't fit my field at all
? app thinks I'm growing {crop} but I'm not
? advice says sandy soil but mine is heavy clay
! the advice for {field} makes no sense
> Crop advice wrong
> Recommendations don't fit
< Wrong advice for my field

# Nitrogen recommendation seems too high
- The N rate depends on the yield target in Field > Profile > "Yield target".
- Set a realistic target based on your last 3 harvests.
- Add organic manure applications under Field > Inputs so their nutrients are counted.
- Recalculate the fertiliser plan.
? nitrogen recommendation is way too high
? the app tells me 250 kg N, that's crazy
? fertiliser plan says more than I ever use
! N rates look too high
> Nitrogen too high
> Fertiliser plan wrong
< Too much N

# Field area is wrong after drawing the boundary
- Open My fields > the field > "Edit boundary".
- Zoom in on the satellite map and drag the corner points to the hedges.
- Remove extra points that cross tracks or buildings.
- Save; area and recommendations update.
? field area is wrong
? boundary drawn wrong, says 30 ha instead of 12
? the map of my field is off
! field size isn't right in app
> Field area wrong
> Boundary problem
< Wrong hectares

# Pest or disease photo diagnosis not working
- Take the photo in daylight, close to the leaf, with the affected part in focus.
- Use Crop Advisor > Diagnose and choose the crop first.
- If the result says "Not sure", send it to an agronomist with "Ask an expert".
? photo diagnosis doesn't recognise anything
? disease scan says not sure every time
? pest identification not working
! the app can't tell me what's wrong with my plants
> Photo diagnosis not working
> Disease scan
< Pest ID fails

# Advice shows the wrong units (kg/ha vs units/acre)
- Go to Profile > Units.
- Choose metric (kg/ha, t/ha) or imperial (units/acre).
- Reports downloaded before the change keep the old units.
? app shows kg per hectare, I want per acre
? units are wrong
? change units
! I need imperial units
> Units wrong
> Change units
< kg/ha vs acre

# Import field boundaries from a shapefile
- Go to My fields > Import.
- Upload a zipped shapefile (.shp, .shx, .dbf, .prj) or a KML file.
- Match the name column to field names.
? import fields from a shapefile
? can I upload my field boundaries
? add fields from my farm software
! load field maps into the app
> Import fields
> Shapefile upload
< Field boundary import

# Share a soil report with my agronomist
- Open Soil Lab > Results > the report > "Share".
- Enter the agronomist's e-mail; they get read access.
- Or download the PDF.
? share soil report with my advisor
? agronomist needs my results
? send results to someone
! give my consultant access
> Share report
> Agronomist access
< Send soil results

# Organic farm gets synthetic fertiliser advice
- Go to Farm settings > "Organic certified" and switch it on.
- Recalculate advice for all fields.
- Only permitted inputs will be recommended.
? I'm organic but it recommends synthetic fertiliser
? organic mode
? advice not suitable for organic farm
! app suggests products I can't use organically
> Organic advice
> Organic mode
< Synthetic recommended

# Sowing date advice and frost risk
- Open Crop Advisor > Sowing window for the field.
- The window uses soil temperature and frost risk for your farm pin.
- Set the farm location correctly in Farm settings.
? when should I sow
? sowing advice says too early
? frost risk for my crop
! sowing date seems off
> Sowing date
> Frost risk
< When to sow

# Irrigation recommendation not updating
- Irrigation advice needs rain and soil moisture data.
- Connect a rain gauge or soil moisture sensor in Sensors.
- Log manual irrigation in Field > Inputs.
? irrigation advice stuck
? watering recommendation doesn't change
? irrigation says same thing every day
! irrigation advice wrong
> Irrigation advice
> Watering recommendation
< Irrigation not updating

# Old soil results missing after merging farm accounts
- Results stay with the farm they were registered to.
- Ask the owner of the old farm to transfer fields: My fields > field > "Transfer".
- History moves with the field.
? old soil results gone
? history missing after merging accounts
? previous years' soil tests disappeared
! results from last year not there
> Old results missing
> Soil history gone
< Previous results

@ farm-orders | Farm supplies & delivery | Seed, fertiliser and crop-protection orders from the Harbourfield Fields shop, delivery to farms, credit accounts and certificates.

# Delivery driver can't find the farm
- In Fields app > Orders > {farmorder} > Delivery, add delivery instructions: gate, yard, who to call.
- Drop a pin on the exact unloading point (the farm address often points to the farmhouse or a village centre).
- Add a mobile number that will be answered on the delivery day.
- If the delivery failed, tap "Rebook delivery"; there's no charge for the first failed attempt.
? driver couldn't find my farm
? the lorry went to the wrong place
? delivery failed, driver says no access
? seed order {farmorder} not delivered, driver got lost
! the delivery truck never found us
> Driver can't find farm
> Delivery went to wrong place
> Failed farm delivery
< Lorry lost

# Bulk fertiliser delivery needs unloading equipment
- Bulk bags (500-600 kg) are delivered on pallets; the driver does not unload by hand.
- Make sure a forklift or telehandler is available, or choose "Tail-lift delivery" at checkout.
- Tail-lift delivery needs hard ground and a flat area.
? nobody told me I need a forklift
? driver wouldn't unload the bags
? fertiliser left on the lorry
! delivery refused unloading
> Unloading problem
> Forklift needed
< Driver won't unload

# Wrong seed variety ordered: swap before dispatch
- Open Orders > {farmorder}; if status is "Processing" tap "Change item".
- Choose the correct variety; price differences are adjusted.
- After dispatch use "Return unopened seed" instead.
? I ordered the wrong seed variety
? can I change the wheat variety
? need to swap seed on my order
! wrong variety in my order
> Wrong variety
> Change seed order
< Swap seed

# Seasonal pre-order prices and payment terms
- Pre-orders lock the price and are paid on delivery or at the agreed date.
- Choose payment terms at checkout: 30, 60 or 90 days on a credit account.
- Pre-order prices are valid until the date shown on the product.
? pre order price
? when do I pay for the pre order
? payment terms for seed
! how do pre orders work
> Pre-order terms
> Pay later
< Pre-order price

# Credit account limit reached
- Go to Account > Credit to see the limit and what's used.
- Pay open invoices to free up credit.
- Request a higher limit with "Request increase" (needs last year's accounts).
? credit limit reached can't order
? order blocked credit account
? need higher credit limit
! my account won't let me order on credit
> Credit limit
> Order blocked
< Credit account full

# Farm delivery delayed by weather
- Check Orders > {farmorder} for the new date.
- Deliveries are postponed when tracks are flooded or snow is forecast.
- Change the delivery date yourself if you need it sooner.
? delivery delayed because of weather
? my order was postponed
? why is my delivery late again
! delivery moved because of rain
> Delivery delayed
> Weather delay
< Order postponed

# Damaged bags on delivery
- Note the damage on the driver's delivery note before signing.
- Take photos of the bags and pallet.
- Report within 48 hours in Orders > {farmorder} > "Report damage".
? bags split on delivery
? damaged fertiliser bags
? seed bags torn
! delivery arrived damaged
> Damaged bags
> Torn sacks
< Damaged delivery

# Download seed certificates and fertiliser analysis
- Open Orders > {farmorder} > Documents.
- Seed certificates (official labels/lot numbers) and fertiliser analysis sheets are added when the order ships.
- Tap "Download all" to get one PDF for your farm assurance inspection.
- For older orders use Orders > History and filter by year.
? need seed certificate
? fertiliser analysis sheet
? certificates for audit
! documents for farm assurance
> Certificates
> Analysis sheet
< Documents for audit

# Reorder last season's supplies
- Go to Orders > History > last season's order > "Reorder".
- Adjust quantities for this season's field areas.
- Check prices and availability; discontinued varieties show a suggested replacement.
- Choose the delivery date and place the order.
? reorder last year's seed
? repeat order
? same as last season
! want to order the same again
> Reorder
> Repeat order
< Same order as last year

# Minimum order for free farm delivery
- Free delivery starts at 1 tonne or the amount shown in the basket.
- Check the basket: the line "Free delivery from" shows how much more is needed.
- Combine orders with a neighbour using "Shared delivery" (same delivery day, nearby farms).
- Pre-orders placed before the season deadline always ship free.
? delivery charge too high
? free delivery minimum
? why do I pay delivery
! delivery cost on small order
> Delivery charge
> Free delivery threshold
< Delivery fee

# Split a delivery across two farms
- At checkout choose "Split delivery".
- Add both farm addresses in Account > Farms first.
- Assign each item and quantity to a farm address.
- Each drop is charged separately unless it reaches the free delivery amount.
? deliver to two farms
? split my order
? part to one farm part to another
! two delivery addresses
> Split delivery
> Two farms
< Two addresses

# Invoice to a co-operative or different VAT entity
- Add the co-op in Account > Billing entities.
- Choose the billing entity at checkout.
- Past invoices can be reissued.
? invoice to the co-op
? wrong name on farm invoice
? vat number on farm invoice
! invoice should go to our cooperative
> Co-op invoice
> Billing entity
< Invoice name

# Crop protection order needs a spray licence number
- Add the licence in Account > Certifications.
- Upload a photo of the certificate.
- Orders are released after check.
? order held spray licence
? need licence to buy chemicals
? crop protection order blocked
! order held for certificate
> Spray licence
> Chemical order held
< Licence needed

# Return unopened seed
- Unopened seed can be returned until the date shown.
- Go to Orders > {farmorder} > "Return".
- Book the collection.
? return unopened seed
? too much seed
? send back seed
! return leftover seed
> Return seed
> Unopened seed
< Seed return

@ farm-sensors | Farm sensors & weather alerts | FieldSense soil and weather sensors, LoRa gateways, sensor data and weather/frost alerts in Harbourfield Fields.

# FieldSense sensor shows "Offline"
- Open Fields app > Sensors > the sensor ({sensor}) and check "Last seen" and battery level.
- If battery is under 10%, replace the two AA lithium batteries (not alkaline) and press the reset button once.
- Check the sensor is within range of the gateway (up to 2 km open field, much less through buildings or hills).
- Wait 15 minutes; the sensor sends data every 15 minutes.
? my sensor is offline
? sensor {sensor} shows offline since {date}
? no data from the soil sensor in {field}
? fieldsense offline, was fine before
! one of the field sensors stopped reporting
> Sensor offline
> No sensor data
> FieldSense offline
< Sensor not reporting

# Gateway not connecting
- The gateway needs power and internet (Ethernet or 4G SIM).
- Check the light: green = connected, orange = no internet, red = fault.
- Mount the gateway high (roof or pole) for the best range.
- Restart it and check Sensors > Gateway in the app.
? gateway is offline
? gateway light orange
? all sensors offline, gateway problem
! the LoRa gateway won't connect
> Gateway offline
> Gateway not connecting
< All sensors down

# Soil moisture readings look wrong
- Check the probe is installed vertically with full soil contact (no air gaps).
- Set the soil type in the sensor settings so readings are calibrated.
- Readings after heavy rain need 24 hours to settle.
? soil moisture readings are nonsense
? sensor says 0% moisture after rain
? moisture 100% all the time
! moisture values not believable
> Wrong moisture readings
> Soil moisture wrong
< Sensor readings off

# Weather alerts not received
- Go to Alerts > Settings and check which alerts are on.
- Check your mobile number is correct for SMS alerts.
- Turn on app notifications on the phone.
? I'm not getting weather alerts
? frost warning never came
? weather alerts not working
! no alerts from the app
> Weather alerts missing
> No alerts
< Alerts not coming

# Frost alert arrives too late
- Go to Alerts > Frost and raise the threshold (e.g. 2 °C instead of 0 °C).
- Choose "Forecast alert" to be told the evening before.
- Use a sensor in the coldest part of the field.
? frost alert came too late
? frost warning at 5am, too late to act
? want earlier frost warnings
! alert came after the frost
> Frost alert late
> Frost warning timing
< Earlier frost alert

# Add a new sensor
- Go to Sensors > Add and scan the QR code on the sensor.
- Choose the field and depth.
- Insert the batteries; it connects within 15 minutes.
? how to add a new sensor
? QR code on sensor won't scan
? new sensor not showing
! can't pair new sensor
> Add sensor
> Pair sensor
< New sensor

# Rain gauge reading zero
- Check the funnel for leaves, insects or bird droppings and clean it.
- Make sure the gauge is level.
- Check the tipping bucket moves freely.
? rain gauge shows zero
? no rainfall recorded
? rain gauge not working
! rainfall data missing
> Rain gauge zero
> No rainfall data
< Rain gauge broken

# Sensor data gap after a firmware update
- Sensors store 72 hours of data and upload it later.
- Restart the gateway after its firmware update.
- Gaps older than 72 hours can't be recovered.
? data missing after update
? gap in sensor data
? readings missing for two days
! hole in my sensor graph
> Data gap
> Missing readings
< Sensor gap

# Forecast is for the wrong location
- Go to Farm settings > Location and move the farm pin.
- Forecasts and alerts use the pin, not the postal address (which may be a village centre).
- For farms with land far apart, add a second location under Farm settings > Locations.
- The forecast updates within one hour.
? forecast is wrong place
? weather is for the town, not my farm
? forecast location
! weather forecast not for my farm
> Forecast wrong location
> Farm location
< Weather location

# Too many alerts: set quiet hours
- Go to Alerts > Settings > Quiet hours.
- Turn off alerts you don't need.
- Use daily summary instead.
? too many alerts
? alerts at night
? stop alerts
! alerts overload
> Too many alerts
> Quiet hours
< Alert spam

# Temperature sensor reads too high in the sun
- Mount the sensor inside the radiation shield.
- Place it 1.5 m above ground on a wooden post, away from metal sheds and the south side of walls.
- Keep grass around it short.
- Compare with a nearby sensor for 48 hours; readings should agree within 1 °C.
? temperature too high
? sensor says 40 degrees
? temperature readings wrong in sun
! temp sensor overheating
> Temperature too high
> Sensor in sun
< Wrong temperature

# Export sensor data to CSV
- Go to Sensors > the sensor > Export.
- Choose the date range and the interval (15 minutes, hourly or daily).
- Choose CSV; the file has one row per reading with the time in UTC.
- For all sensors at once use Sensors > Export all.
? export sensor data
? download readings
? sensor data to excel
! need raw data
> Export data
> Download readings
< Sensor CSV

# Sensor subscription expired
- Go to Account > Subscriptions > FieldSense.
- Tap "Renew" and choose monthly or yearly.
- Sensors keep sending data during the gap; it's stored for 90 days and unlocks when renewed.
- Turn on auto-renew to avoid gaps.
? sensor subscription expired
? data locked
? can't see sensor data, subscription
! sensor plan ended
> Subscription expired
> Data locked
< Renew sensors

# Share the sensor dashboard with farm staff
- Go to Farm settings > Team > Invite.
- Enter the staff member's e-mail or phone number.
- Choose "Viewer" (see data and alerts) or "Manager" (change settings, add sensors).
- Staff can choose their own alert settings after accepting.
? share dashboard with staff
? my workers need access
? add farm team
! staff can't see sensors
> Share dashboard
> Farm team access
< Staff access
"""
