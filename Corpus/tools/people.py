# Name pools (first names, family names) grouped so that combinations stay plausible.
CULTURES = {
    "english": (["Oliver", "Charlotte", "George", "Emily", "Jack", "Sophie", "Harry", "Lucy", "Thomas", "Grace", "Daniel", "Hannah", "Sam", "Megan", "Chris", "Rachel"],
                ["Smith", "Taylor", "Brown", "Wilson", "Evans", "Walker", "Wright", "Hughes", "Green", "Hall", "Turner", "Cooper", "Parker", "Bennett"]),
    "irish": (["Aoife", "Ciarán", "Niamh", "Seán", "Siobhán", "Declan", "Róisín", "Padraig"], ["Murphy", "Kelly", "Byrne", "Walsh", "Doyle", "Kavanagh", "Ryan", "Gallagher"]),
    "spanish": (["Lucía", "Javier", "Carmen", "Alejandro", "Marta", "Pablo", "Elena", "Sergio", "Paula", "Andrés"], ["García", "Martínez", "López", "Sánchez", "Romero", "Navarro", "Torres", "Ortega", "Castillo"]),
    "latam": (["Valentina", "Mateo", "Camila", "Santiago", "Daniela", "Sebastián", "Ximena", "Diego"], ["Hernández", "González", "Ramírez", "Flores", "Vargas", "Morales", "Rojas", "Mendoza"]),
    "portuguese": (["João", "Ana", "Tiago", "Beatriz", "Rafael", "Mariana", "Gabriel", "Larissa"], ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Almeida", "Ferreira"]),
    "polish": (["Katarzyna", "Piotr", "Agnieszka", "Marek", "Magdalena", "Krzysztof", "Zofia", "Paweł"], ["Kowalski", "Wiśniewska", "Wójcik", "Kamiński", "Lewandowska", "Zieliński", "Szymańska", "Dąbrowski"]),
    "german": (["Lukas", "Anna", "Jonas", "Lena", "Felix", "Katrin", "Matthias", "Julia"], ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Hoffmann", "Schulz"]),
    "french": (["Camille", "Louis", "Manon", "Hugo", "Chloé", "Antoine", "Inès", "Julien"], ["Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Lefèvre", "Girard", "Fontaine"]),
    "italian": (["Giulia", "Marco", "Francesca", "Luca", "Chiara", "Alessandro", "Sara", "Matteo"], ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci"]),
    "dutch": (["Sanne", "Daan", "Lotte", "Bram", "Femke", "Joris"], ["de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit"]),
    "nordic": (["Astrid", "Mikkel", "Ingrid", "Erik", "Freya", "Lars", "Sigrid", "Nils"], ["Johansson", "Nielsen", "Hansen", "Andersson", "Lindberg", "Berg", "Dahl", "Eriksen"]),
    "greek": (["Eleni", "Giorgos", "Maria", "Nikos", "Dimitra", "Kostas"], ["Papadopoulos", "Georgiou", "Nikolaou", "Christodoulou", "Pappas", "Vlachos"]),
    "turkish": (["Elif", "Mehmet", "Zeynep", "Emre", "Ayşe", "Burak", "Selin", "Murat"], ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Aydın", "Öztürk", "Arslan"]),
    "arabic": (["Omar", "Layla", "Youssef", "Fatima", "Karim", "Nour", "Hassan", "Amira", "Khalid", "Mariam"], ["Haddad", "Khalil", "Mansour", "Nasser", "Saleh", "Farouk", "Aziz", "Hamdan"]),
    "persian": (["Darius", "Shirin", "Reza", "Parisa", "Arash", "Leila"], ["Tehrani", "Karimi", "Hosseini", "Rahimi", "Moradi", "Ahmadi"]),
    "yoruba_igbo": (["Adebayo", "Chiamaka", "Oluwaseun", "Ngozi", "Emeka", "Folasade", "Chinedu", "Yetunde"], ["Okafor", "Adeyemi", "Balogun", "Eze", "Nwosu", "Ogunleye", "Okonkwo", "Afolabi"]),
    "ghanaian": (["Kofi", "Ama", "Kwabena", "Akosua", "Yaw", "Abena"], ["Asante", "Owusu", "Boateng", "Mensah", "Appiah", "Darko"]),
    "east_african": (["Wanjiru", "Otieno", "Amina", "Baraka", "Neema", "Juma", "Achieng", "Tendai"], ["Kamau", "Odhiambo", "Mwangi", "Njoroge", "Wafula", "Moyo", "Chebet", "Mutua"]),
    "indian": (["Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Sneha", "Aditya", "Meera", "Rahul", "Deepa", "Sanjay"], ["Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta", "Singh", "Kulkarni", "Menon", "Bose"]),
    "pakistani_bangladeshi": (["Ayesha", "Imran", "Sana", "Bilal", "Nusrat", "Tanvir", "Farhan", "Rukhsana"], ["Khan", "Chaudhry", "Rahman", "Hussain", "Qureshi", "Ahmed", "Islam", "Malik"]),
    "chinese": (["Wei", "Xiaoling", "Hao", "Mei", "Jun", "Yan", "Lei", "Fang", "Zhen", "Ling"], ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhou", "Wu", "Lin"]),
    "japanese": (["Haruto", "Yui", "Sota", "Aoi", "Ren", "Hina", "Kenji", "Emi"], ["Sato", "Suzuki", "Takahashi", "Tanaka", "Ito", "Yamamoto", "Nakamura", "Kobayashi"]),
    "korean": (["Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Do-yoon", "Soo-ah"], ["Kim", "Lee", "Park", "Choi", "Jung", "Kang"]),
    "vietnamese": (["Linh", "Minh", "Thao", "Huy", "Trang", "Quang"], ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu"]),
    "filipino": (["Maricel", "Jomar", "Kristine", "Rodel", "Angelica", "Paolo"], ["Santos", "Reyes", "Cruz", "Bautista", "Dela Cruz", "Villanueva"]),
    "indonesian": (["Putri", "Agus", "Dewi", "Budi", "Sari", "Rizky"], ["Wijaya", "Santoso", "Pratama", "Kusuma", "Hidayat", "Saputra"]),
    "ukrainian_russian": (["Olena", "Dmytro", "Iryna", "Andriy", "Natalia", "Sergei", "Oksana", "Pavel"], ["Shevchenko", "Kovalenko", "Bondarenko", "Ivanova", "Petrov", "Melnyk", "Tkachenko", "Sokolova"]),
    "maori_pacific": (["Aroha", "Tane", "Mere", "Wiremu", "Losa", "Sione"], ["Ngata", "Parata", "Tuhoe", "Fifita", "Taufa", "Walker"]),
    "hebrew": (["Noa", "Eitan", "Tamar", "Yonatan", "Shira", "Avi"], ["Cohen", "Levi", "Mizrahi", "Peretz", "Biton", "Friedman"]),
    "caribbean": (["Shanice", "Marlon", "Keisha", "Andre", "Tanisha", "Devon"], ["Campbell", "Brown", "Clarke", "Williams", "Grant", "Thompson"]),
}

MAIL_DOMAINS = ["mail.example", "post.example", "inbox.example", "webmail.example", "home.example", "net.example", "letterbox.example"]

SHOP_ADJ = ["Copper", "Little", "Wild", "Salt &", "Blue", "Golden", "Old", "Bramble", "Cedar", "Honey", "Oak", "Velvet", "Fern", "Harbour", "Maple", "Sunny", "Moss", "Lantern", "Pebble", "Juniper"]
SHOP_NOUN = [("Kettle Teas", "tea", "loose-leaf teas"), ("Candle Co", "candle", "soy candles"), ("Thread", "clothing", "handmade clothes"),
             ("Ceramics", "pottery", "hand-thrown mugs and bowls"), ("Bakes", "bakery", "cakes and cookie boxes"), ("Print Studio", "print", "art prints"),
             ("Pets", "pet supplies", "dog treats and collars"), ("Soap Works", "soap", "natural soaps"), ("Vintage", "vintage", "vintage furniture"),
             ("Bike Parts", "bike parts", "bicycle parts"), ("Books", "book", "second-hand books"), ("Jewellery", "jewellery", "silver jewellery"),
             ("Plants", "plant", "houseplants"), ("Coffee Roasters", "coffee", "roasted coffee beans"), ("Toys", "toy", "wooden toys"),
             ("Knits", "yarn", "yarn and knitting kits"), ("Spice Market", "spice", "spice blends"), ("Leather Goods", "leather", "leather wallets and bags")]
SUBJECTS = ["maths", "English", "biology", "chemistry", "history", "Spanish", "French", "music", "physics", "geography", "computer science", "art", "ESL", "German", "economics"]
SCHOOLS = ["Riverside Academy", "St Brigid's School", "Northgate College", "Lakeview High", "Hillcrest Primary", "Westbrook Language Centre", "Eastfield Secondary",
           "Meadowbank School", "Harrow Lane Academy", "Clearwater International School", "the community college", "Kingsmead Grammar"]
CROPS = ["winter wheat", "spring barley", "oilseed rape", "maize", "potatoes", "sugar beet", "soybeans", "oats", "vegetables", "grassland for dairy", "vines", "apples", "sunflowers", "field beans"]
FARMTYPES = ["mixed", "arable", "dairy", "organic vegetable", "fruit", "beef and arable", "sheep and arable"]
TOWNS = ["Ashby", "Kelso", "Marlow Vale", "Brenton", "Dunmore", "Fairhaven", "Oakridge", "Elmstead", "Wexcombe", "Thornbury", "Glenarm", "Hollins Cross"]
FARM_NAMES = ["Hillside Farm", "Mill Lane Farm", "Brookfield Farm", "Windy Ridge", "Orchard End", "Greenacres", "Low Meadow Farm", "Stonebridge Farm", "Holly Tree Farm", "Westfield Farm"]
FIELDS = ["the North field", "Top Paddock", "Field 7", "the Long Acre", "Church field", "the river field", "Block B", "Lower Meadow", "field 12", "the big field by the road"]
PHONES = ["iPhone 12", "iPhone 13", "iPhone 15", "iPhone SE", "Pixel 7", "Pixel 8a", "Galaxy A54", "Galaxy S23", "Redmi Note 12", "Moto G54", "OnePlus Nord", "Galaxy A14", "Huawei P30"]
HUBS = ["Hub 3", "Hub 3 Pro", "Hub 2", "Harbourfield Hub 3"]
TABLETS = ["Tern Tab 10", "Tern Tab 8", "Tern Tab 11 Pro", "Tern Tab 10 (2024)"]
DATES = ["Monday", "last Tuesday", "the 14th", "Friday", "the weekend", "the 3rd", "last Thursday", "Sunday night"]
